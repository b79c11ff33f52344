/// \file Kode_Vern9.hpp
/// \brief `kode::Vern9`: Verner's "most efficient" 9(8) explicit Runge–Kutta pair with its
/// 9th-order dense output.
///
/// Source: J. H. Verner, "Numerically optimal Runge–Kutta pairs with interpolants", Numerical
/// Algorithms 53 (2010) 383–396; the coefficients of his "efficient 9(8)" pair (16 stages) and
/// of its interpolant (10 extra stages), as rounded to double in DiffEqGPU.jl's
/// `src/ensemblegpukernel/tableaus/verner_tableaus.jl` (`Vern9Tableau`, `Vern9ExtraStages`,
/// `Vern9InterpolationCoefficients`; the same numbers as OrdinaryDiffEq.jl). Stage numbering is
/// the paper's (DiffEqGPU.jl names the node of stage I+1 `cI`; here it is `c(I+1)`).
/// `btildeI` = b_I − b̂_I. Not FSAL: k1 = f(u) is evaluated once per accepted step (in `accept`);
/// an adaptive step costs 15 evaluations (16 when accepted), a fixed step 15 (the 16th stage feeds
/// only the error estimate). Only the stages the solution, the error estimate and the interpolant
/// need are kept: k2–k5 die after stage 7.
#ifndef KODE_VERN9_HPP
#define KODE_VERN9_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// Vern9's coefficients (aIJ: row I, column J; stages 17–26 are the interpolant's extra stages;
/// interpolation weights b_I(θ) = Σ_j rIj θ^j).
struct Vern9Tableau {
  // Vern9Tableau
  static constexpr double c2 = 0.03462, c3 = 0.09702435063878045, c4 = 0.14553652595817068;
  static constexpr double c5 = 0.561, c6 = 0.22900791159048503, c7 = 0.544992088409515;
  static constexpr double c8 = 0.645, c9 = 0.48375, c10 = 0.06757;
  static constexpr double c11 = 0.25, c12 = 0.6590650618730999, c13 = 0.8206;
  static constexpr double c14 = 0.9012, a0201 = 0.03462, a0301 = -0.03893354388572875;
  static constexpr double a0302 = 0.13595789452450918, a0401 = 0.03638413148954267, a0403 = 0.10915239446862801;
  static constexpr double a0501 = 2.0257639143939694, a0503 = -7.638023836496291, a0504 = 6.173259922102322;
  static constexpr double a0601 = 0.05112275589406061, a0604 = 0.17708237945550218, a0605 = 0.0008027762409222536;
  static constexpr double a0701 = 0.13160063579752163, a0704 = -0.2957276252669636, a0705 = 0.08781378035642955;
  static constexpr double a0706 = 0.6213052975225274, a0801 = 0.07166666666666667, a0806 = 0.33055335789153195;
  static constexpr double a0807 = 0.2427799754418014, a0901 = 0.071806640625, a0906 = 0.3294380283228177;
  static constexpr double a0907 = 0.1165190029271823, a0908 = -0.034013671875, a1001 = 0.04836757646340646;
  static constexpr double a1006 = 0.03928989925676164, a1007 = 0.10547409458903446, a1008 = -0.021438652846483126;
  static constexpr double a1009 = -0.10412291746271944, a1101 = -0.026645614872014785, a1106 = 0.03333333333333333;
  static constexpr double a1107 = -0.1631072244872467, a1108 = 0.03396081684127761, a1109 = 0.1572319413814626;
  static constexpr double a1110 = 0.21522674780318796, a1201 = 0.03689009248708622, a1206 = -0.1465181576725543;
  static constexpr double a1207 = 0.2242577768172024, a1208 = 0.02294405717066073, a1209 = -0.0035850052905728597;
  static constexpr double a1210 = 0.08669223316444385, a1211 = 0.43838406519683376, a1301 = -0.4866012215113341;
  static constexpr double a1306 = -6.304602650282853, a1307 = -0.2812456182894729, a1308 = -2.679019236219849;
  static constexpr double a1309 = 0.5188156639241577, a1310 = 1.3653531876033418, a1311 = 5.8850910885039465;
  static constexpr double a1312 = 2.8028087862720628, a1401 = 0.4185367457753472, a1406 = 6.724547581906459;
  static constexpr double a1407 = -0.42544428016461133, a1408 = 3.3432791530012653, a1409 = 0.6170816631175374;
  static constexpr double a1410 = -0.9299661239399329, a1411 = -6.099948804751011, a1412 = -3.002206187889399;
  static constexpr double a1413 = 0.2553202529443446, a1501 = -0.7793740861228848, a1506 = -13.937342538107776;
  static constexpr double a1507 = 1.2520488533793563, a1508 = -14.691500408016868, a1509 = -0.494705058533141;
  static constexpr double a1510 = 2.2429749091462368, a1511 = 13.367893803828643, a1512 = 14.396650486650687;
  static constexpr double a1513 = -0.79758133317768, a1514 = 0.4409353709534278, a1601 = 2.0580513374668867;
  static constexpr double a1606 = 22.357937727968032, a1607 = 0.9094981099755646, a1608 = 35.89110098240264;
  static constexpr double a1609 = -3.442515027624454, a1610 = -4.865481358036369, a1611 = -18.909803813543427;
  static constexpr double a1612 = -34.26354448030452, a1613 = 1.2647565216956427, b1 = 0.014611976858423152;
  static constexpr double b8 = -0.3915211862331339, b9 = 0.23109325002895065, b10 = 0.12747667699928525;
  static constexpr double b11 = 0.2246434176204158, b12 = 0.5684352689748513, b13 = 0.058258715572158275;
  static constexpr double b14 = 0.13643174034822156, b15 = 0.030570139830827976, btilde1 = -0.005357988290444578;
  static constexpr double btilde8 = -2.583020491182464, btilde9 = 0.14252253154686625, btilde10 = 0.013420653512688676;
  static constexpr double btilde11 = -0.02867296291409493, btilde12 = 2.624999655215792, btilde13 = -0.2825509643291537;
  static constexpr double btilde14 = 0.13643174034822156, btilde15 = 0.030570139830827976,
                          btilde16 = -0.04834231373823958;
  // Vern9ExtraStages
  static constexpr double c17 = 1.0, a1701 = 0.014611976858423152, a1708 = -0.3915211862331339;
  static constexpr double a1709 = 0.23109325002895065, a1710 = 0.12747667699928525, a1711 = 0.2246434176204158;
  static constexpr double a1712 = 0.5684352689748513, a1713 = 0.058258715572158275, a1714 = 0.13643174034822156;
  static constexpr double a1715 = 0.030570139830827976, c18 = 0.7404185470631561, a1801 = 0.015499736681895594;
  static constexpr double a1808 = 0.3355153219059635, a1809 = 0.20036139441918607, a1810 = 0.12520606592835493;
  static constexpr double a1811 = 0.22986763931842066, a1812 = -0.20202506534761813, a1813 = 0.05917103230665457;
  static constexpr double a1814 = -0.026518347830476387, a1815 = -0.023840946021309713, a1817 = 0.027181715702085017;
  static constexpr double c19 = 0.888, a1901 = 0.013024539431143383, a1908 = -0.7452850902413112;
  static constexpr double a1909 = 0.2643867896429301, a1910 = 0.1313961758372754, a1911 = 0.21672538151229273;
  static constexpr double a1912 = 0.8734117564076053, a1913 = 0.011859056439357767, a1914 = 0.05876002941689551;
  static constexpr double a1915 = 0.003266518630202088, a1917 = -0.00895930864841793, a1918 = 0.06941415157202692;
  static constexpr double c20 = 0.696, a2001 = 0.013970899969259426, a2008 = -0.46657653359576745;
  static constexpr double a2009 = 0.24163727872162571, a2010 = 0.12903633413456747, a2011 = 0.22167006717351054;
  static constexpr double a2012 = 0.6257275123364645, a2013 = 0.04355312415679284, a2014 = 0.10119624916672908;
  static constexpr double a2015 = 0.01808582254679721, a2017 = -0.020798755876891697, a2018 = -0.09022232517086219;
  static constexpr double a2019 = -0.12127967356222542, c21 = 0.487, a2101 = 0.016046388883181127;
  static constexpr double a2108 = 0.09517712399458336, a2109 = 0.13591872646553177, a2110 = 0.1237765280959854;
  static constexpr double a2111 = 0.2335656264102966, a2112 = -0.09051508172625873, a2113 = -0.02537574270006131;
  static constexpr double a2114 = -0.13596316968871622, a2115 = -0.04679214284145113, a2117 = 0.05177958859391748;
  static constexpr double a2118 = 0.09672595677476774, a2119 = 0.14773126903407427, a2120 = -0.11507507129585039;
  static constexpr double c22 = 0.025, a2201 = 0.018029186238936207, a2208 = 0.06983601042028874;
  static constexpr double a2209 = -0.025412476607916634, a2210 = 0.008487827035463275, a2211 = -0.002427525516089802;
  static constexpr double a2212 = -0.10478397528938199, a2213 = -0.014731477952480419, a2214 = -0.03916338390816177;
  static constexpr double a2215 = -0.010056573432939595, a2217 = 0.011025103922048344, a2218 = 0.005092830749095398;
  static constexpr double a2219 = 0.04759715599420645, a2220 = 0.03386307003288383, a2221 = 0.02764422831404798;
  static constexpr double c23 = 0.15, a2301 = 0.01677431640522778, a2308 = 0.6220437408820475;
  static constexpr double a2309 = -0.2060859809768842, a2310 = 0.11563949897660589, a2311 = 0.026641017933783588;
  static constexpr double a2312 = -0.937681079341877, a2313 = -0.13678064667021603, a2314 = -0.3678480995268297;
  static constexpr double a2315 = -0.09547871314402478, a2317 = 0.10134920184223697, a2318 = -0.08911323084568594;
  static constexpr double a2319 = 0.46641409889747604, a2320 = 0.450273629235458, a2321 = 0.18385224633268188;
  static constexpr double c24 = 0.32, a2401 = 0.010711497314914442, a2408 = -0.07094336118221108;
  static constexpr double a2409 = 0.10021649003400916, a2410 = 0.13834539804680251, a2411 = 0.17963306335781634;
  static constexpr double a2412 = 0.09048246545576182, a2413 = -0.005460662294523339, a2414 = -0.030004579051196197;
  static constexpr double a2415 = -0.011451920269627991, a2417 = 0.010033946861093851, a2418 = -0.09506485282809046;
  static constexpr double a2419 = 0.04853358804093592, a2420 = 0.08013325919783924, a2421 = -0.1251643326835242;
  static constexpr double c25 = 0.78, a2501 = 0.014101720888692213, a2508 = -0.3713379753704491;
  static constexpr double a2509 = 0.22312655481171803, a2510 = 0.12870053459181202, a2511 = 0.22246006596754947;
  static constexpr double a2512 = 0.5382853042550702, a2513 = 0.05417202616988763, a2514 = 0.1256968791308744;
  static constexpr double a2515 = 0.027844927890020542, a2517 = -0.0307740924620506, a2518 = 0.008569805293689777;
  static constexpr double a2519 = -0.15351746905870445, a2520 = -0.021799570305481963, a2521 = 0.014471288197371868;
  static constexpr double c26 = 0.96, a2601 = 0.014246004117356466, a2608 = -0.3767107393295407;
  static constexpr double a2609 = 0.22523997807304214, a2610 = 0.128360307629253, a2611 = 0.22302387052616926;
  static constexpr double a2612 = 0.5463127827750747, a2613 = 0.0552619079137578, a2614 = 0.12856135087499826;
  static constexpr double a2615 = 0.028572506812964065, a2617 = -0.02398761886357109, a2618 = 0.055562244589105095;
  static constexpr double a2619 = -0.017406756507628386, a2620 = -0.03815462365996979, a2621 = 0.011118785048989178;
  // Vern9InterpolationCoefficients
  static constexpr double r011 = 1.0, r012 = -28.330488700617398, r013 = 257.6535452078578;
  static constexpr double r014 = -1152.1544557434572, r015 = 2909.390878345409, r016 = -4355.005172868188;
  static constexpr double r017 = 3834.083497036262, r018 = -1835.419052683407, r019 = 368.7958613829998;
  static constexpr double r082 = 2.649656243770091, r083 = -96.30312807816006, r084 = 869.3095462492796;
  static constexpr double r085 = -3395.688567551074, r086 = 6796.933987158715, r087 = -7340.848417712072;
  static constexpr double r088 = 4082.8488969923656, r089 = -919.2934944890586, r092 = -1.5639451819287329;
  static constexpr double r093 = 56.8423973927286, r094 = -513.1052300304285, r095 = 2004.2867021103232;
  static constexpr double r096 = -4011.8533059139295, r097 = 4332.895839278586, r098 = -2409.8793479371448;
  static constexpr double r099 = 542.6079835318221, r102 = -0.8627103334967224, r103 = 31.355653751851733;
  static constexpr double r104 = -283.0413682227354, r105 = 1105.613463426007, r106 = -2213.0362006784526;
  static constexpr double r107 = 2390.1310977541207, r108 = -1329.3482661468738, r109 = 299.31580712657853;
  static constexpr double r112 = -1.5202953379012147, r113 = 55.25592121120227, r114 = -498.7844190970741;
  static constexpr double r115 = 1948.346888525776, r116 = -3899.8821364075516, r117 = 4211.964345158858;
  static constexpr double r118 = -2342.619408856117, r119 = 527.4637482204279, r122 = -3.8469388441255234;
  static constexpr double r123 = 139.81898409868404, r124 = -1262.1186876216004, r125 = 4930.075848057311;
  static constexpr double r126 = -9868.21948606954, r127 = 10657.908924348867, r128 = -5927.738759872814;
  static constexpr double r129 = 1334.688551172191, r132 = -0.39427130612001415, r133 = 14.329994760676497;
  static constexpr double r134 = -129.35406659945582, r135 = 505.28160770025175, r136 = -1011.3900801394333;
  static constexpr double r137 = 1092.3250517818917, r138 = -607.531701930281, r139 = 136.79172444804232;
  static constexpr double r142 = -0.9233145622082102, r143 = 33.55834582309799, r144 = -302.9246397549736;
  static constexpr double r145 = 1183.2813069678675, r146 = -2368.4989867901113, r147 = 2558.034559755808;
  static constexpr double r148 = -1422.7331755778803, r149 = 320.3423358787482, r152 = -0.20688628029300538;
  static constexpr double r153 = 7.519388975651663, r154 = -67.87605708082904, r155 = 265.136799698415;
  static constexpr double r156 = -530.7074807559026, r157 = 573.176549564149, r158 = -318.7905688834869;
  static constexpr double r159 = 71.77882490212657, r172 = -0.44724419067440996, r173 = 16.44684676010504;
  static constexpr double r174 = -154.40861059212955, r175 = 641.8986298540249, r176 = -1391.9392256879823;
  static constexpr double r177 = 1643.890568302952, r178 = -1004.0652972233179, r179 = 248.6243327770223;
  static constexpr double r182 = -0.1507876007899798, r183 = 5.527328824824632, r184 = -51.33833743084619;
  static constexpr double r185 = 209.60220027032804, r186 = -442.7692650421826, r187 = 505.0579312588053;
  static constexpr double r188 = -295.63364106156195, r189 = 69.70457078142275, r192 = -0.6413652207435296;
  static constexpr double r193 = 23.510132486246846, r194 = -218.36426832469724, r195 = 891.5292818535365;
  static constexpr double r196 = -1883.290177206008, r197 = 2148.2309544883997, r198 = -1257.4584015217124;
  static constexpr double r199 = 296.4838434449778, r202 = 1.8107293134448457, r203 = -66.37479657295337;
  static constexpr double r204 = 616.4952025401107, r205 = -2517.0030307773227, r206 = 5316.984175781034;
  static constexpr double r207 = -6064.976140789574, r208 = 3550.1095388883914, r209 = -837.0456783831302;
  static constexpr double r212 = 0.05176008760353718, r213 = -1.8973378625803488, r214 = 17.622648207936294;
  static constexpr double r215 = -71.94907400242467, r216 = 151.9871383765666, r217 = -173.36864987478606;
  static constexpr double r218 = 101.4806461521468, r219 = -23.927131084462175, r222 = 31.321782556688;
  static constexpr double r223 = -355.6570858339106, r224 = 1752.6852824895159, r225 = -4708.092293138363;
  static constexpr double r226 = 7370.900776193489, r227 = -6716.504964764566, r228 = 3303.940398161186;
  static constexpr double r229 = -678.5938956640391, r232 = -2.7196073341859246, r233 = 86.64045615858264;
  static constexpr double r234 = -454.1926030939031, r235 = 1014.7492211005434, r236 = -1133.583456714544;
  static constexpr double r237 = 610.4671827718666, r238 = -109.02334994495438, r239 = -12.337842943405471;
  static constexpr double r242 = 3.1772148014329233, r243 = -113.8098697715143, r244 = 978.0935981825675;
  static constexpr double r245 = -3575.1293776236703, r246 = 6764.3615198384505, r247 = -6987.161043852012;
  static constexpr double r248 = 3751.9057627895713, r249 = -821.4378043648254, r252 = 0.877284308346553;
  static constexpr double r253 = -31.51810423988375, r254 = 273.1229151353221, r255 = -993.2198643101782;
  static constexpr double r256 = 1787.888078312664, r257 = -1677.394835799641, r258 = 781.3579535062688;
  static constexpr double r259 = -141.11342691289855, r262 = 1.7194275817987157, r263 = -62.89867309250732;
  static constexpr double r264 = 580.333550787398, r265 = -2348.110620506761, r266 = 4921.119298612906;
  static constexpr double r267 = -5597.912448707917, r268 = 3288.5977751496216, r269 = -782.8483098245397;

  /// The 26-stage extended tableau (16 stages + 10 interpolation stages) as host arrays, with the
  /// 9th-order weights b and the embedded 8th-order weights b̂ over the first 16 stages.
  static ButcherTableau butcher() {
    ButcherTableau B(26);
    B.c[1]      = c2;
    B.c[2]      = c3;
    B.c[3]      = c4;
    B.c[4]      = c5;
    B.c[5]      = c6;
    B.c[6]      = c7;
    B.c[7]      = c8;
    B.c[8]      = c9;
    B.c[9]      = c10;
    B.c[10]     = c11;
    B.c[11]     = c12;
    B.c[12]     = c13;
    B.c[13]     = c14;
    B.a(1, 0)   = a0201;
    B.a(2, 0)   = a0301;
    B.a(2, 1)   = a0302;
    B.a(3, 0)   = a0401;
    B.a(3, 2)   = a0403;
    B.a(4, 0)   = a0501;
    B.a(4, 2)   = a0503;
    B.a(4, 3)   = a0504;
    B.a(5, 0)   = a0601;
    B.a(5, 3)   = a0604;
    B.a(5, 4)   = a0605;
    B.a(6, 0)   = a0701;
    B.a(6, 3)   = a0704;
    B.a(6, 4)   = a0705;
    B.a(6, 5)   = a0706;
    B.a(7, 0)   = a0801;
    B.a(7, 5)   = a0806;
    B.a(7, 6)   = a0807;
    B.a(8, 0)   = a0901;
    B.a(8, 5)   = a0906;
    B.a(8, 6)   = a0907;
    B.a(8, 7)   = a0908;
    B.a(9, 0)   = a1001;
    B.a(9, 5)   = a1006;
    B.a(9, 6)   = a1007;
    B.a(9, 7)   = a1008;
    B.a(9, 8)   = a1009;
    B.a(10, 0)  = a1101;
    B.a(10, 5)  = a1106;
    B.a(10, 6)  = a1107;
    B.a(10, 7)  = a1108;
    B.a(10, 8)  = a1109;
    B.a(10, 9)  = a1110;
    B.a(11, 0)  = a1201;
    B.a(11, 5)  = a1206;
    B.a(11, 6)  = a1207;
    B.a(11, 7)  = a1208;
    B.a(11, 8)  = a1209;
    B.a(11, 9)  = a1210;
    B.a(11, 10) = a1211;
    B.a(12, 0)  = a1301;
    B.a(12, 5)  = a1306;
    B.a(12, 6)  = a1307;
    B.a(12, 7)  = a1308;
    B.a(12, 8)  = a1309;
    B.a(12, 9)  = a1310;
    B.a(12, 10) = a1311;
    B.a(12, 11) = a1312;
    B.a(13, 0)  = a1401;
    B.a(13, 5)  = a1406;
    B.a(13, 6)  = a1407;
    B.a(13, 7)  = a1408;
    B.a(13, 8)  = a1409;
    B.a(13, 9)  = a1410;
    B.a(13, 10) = a1411;
    B.a(13, 11) = a1412;
    B.a(13, 12) = a1413;
    B.a(14, 0)  = a1501;
    B.a(14, 5)  = a1506;
    B.a(14, 6)  = a1507;
    B.a(14, 7)  = a1508;
    B.a(14, 8)  = a1509;
    B.a(14, 9)  = a1510;
    B.a(14, 10) = a1511;
    B.a(14, 11) = a1512;
    B.a(14, 12) = a1513;
    B.a(14, 13) = a1514;
    B.a(15, 0)  = a1601;
    B.a(15, 5)  = a1606;
    B.a(15, 6)  = a1607;
    B.a(15, 7)  = a1608;
    B.a(15, 8)  = a1609;
    B.a(15, 9)  = a1610;
    B.a(15, 10) = a1611;
    B.a(15, 11) = a1612;
    B.a(15, 12) = a1613;
    B.c[16]     = c17;
    B.a(16, 0)  = a1701;
    B.a(16, 7)  = a1708;
    B.a(16, 8)  = a1709;
    B.a(16, 9)  = a1710;
    B.a(16, 10) = a1711;
    B.a(16, 11) = a1712;
    B.a(16, 12) = a1713;
    B.a(16, 13) = a1714;
    B.a(16, 14) = a1715;
    B.c[17]     = c18;
    B.a(17, 0)  = a1801;
    B.a(17, 7)  = a1808;
    B.a(17, 8)  = a1809;
    B.a(17, 9)  = a1810;
    B.a(17, 10) = a1811;
    B.a(17, 11) = a1812;
    B.a(17, 12) = a1813;
    B.a(17, 13) = a1814;
    B.a(17, 14) = a1815;
    B.a(17, 16) = a1817;
    B.c[18]     = c19;
    B.a(18, 0)  = a1901;
    B.a(18, 7)  = a1908;
    B.a(18, 8)  = a1909;
    B.a(18, 9)  = a1910;
    B.a(18, 10) = a1911;
    B.a(18, 11) = a1912;
    B.a(18, 12) = a1913;
    B.a(18, 13) = a1914;
    B.a(18, 14) = a1915;
    B.a(18, 16) = a1917;
    B.a(18, 17) = a1918;
    B.c[19]     = c20;
    B.a(19, 0)  = a2001;
    B.a(19, 7)  = a2008;
    B.a(19, 8)  = a2009;
    B.a(19, 9)  = a2010;
    B.a(19, 10) = a2011;
    B.a(19, 11) = a2012;
    B.a(19, 12) = a2013;
    B.a(19, 13) = a2014;
    B.a(19, 14) = a2015;
    B.a(19, 16) = a2017;
    B.a(19, 17) = a2018;
    B.a(19, 18) = a2019;
    B.c[20]     = c21;
    B.a(20, 0)  = a2101;
    B.a(20, 7)  = a2108;
    B.a(20, 8)  = a2109;
    B.a(20, 9)  = a2110;
    B.a(20, 10) = a2111;
    B.a(20, 11) = a2112;
    B.a(20, 12) = a2113;
    B.a(20, 13) = a2114;
    B.a(20, 14) = a2115;
    B.a(20, 16) = a2117;
    B.a(20, 17) = a2118;
    B.a(20, 18) = a2119;
    B.a(20, 19) = a2120;
    B.c[21]     = c22;
    B.a(21, 0)  = a2201;
    B.a(21, 7)  = a2208;
    B.a(21, 8)  = a2209;
    B.a(21, 9)  = a2210;
    B.a(21, 10) = a2211;
    B.a(21, 11) = a2212;
    B.a(21, 12) = a2213;
    B.a(21, 13) = a2214;
    B.a(21, 14) = a2215;
    B.a(21, 16) = a2217;
    B.a(21, 17) = a2218;
    B.a(21, 18) = a2219;
    B.a(21, 19) = a2220;
    B.a(21, 20) = a2221;
    B.c[22]     = c23;
    B.a(22, 0)  = a2301;
    B.a(22, 7)  = a2308;
    B.a(22, 8)  = a2309;
    B.a(22, 9)  = a2310;
    B.a(22, 10) = a2311;
    B.a(22, 11) = a2312;
    B.a(22, 12) = a2313;
    B.a(22, 13) = a2314;
    B.a(22, 14) = a2315;
    B.a(22, 16) = a2317;
    B.a(22, 17) = a2318;
    B.a(22, 18) = a2319;
    B.a(22, 19) = a2320;
    B.a(22, 20) = a2321;
    B.c[23]     = c24;
    B.a(23, 0)  = a2401;
    B.a(23, 7)  = a2408;
    B.a(23, 8)  = a2409;
    B.a(23, 9)  = a2410;
    B.a(23, 10) = a2411;
    B.a(23, 11) = a2412;
    B.a(23, 12) = a2413;
    B.a(23, 13) = a2414;
    B.a(23, 14) = a2415;
    B.a(23, 16) = a2417;
    B.a(23, 17) = a2418;
    B.a(23, 18) = a2419;
    B.a(23, 19) = a2420;
    B.a(23, 20) = a2421;
    B.c[24]     = c25;
    B.a(24, 0)  = a2501;
    B.a(24, 7)  = a2508;
    B.a(24, 8)  = a2509;
    B.a(24, 9)  = a2510;
    B.a(24, 10) = a2511;
    B.a(24, 11) = a2512;
    B.a(24, 12) = a2513;
    B.a(24, 13) = a2514;
    B.a(24, 14) = a2515;
    B.a(24, 16) = a2517;
    B.a(24, 17) = a2518;
    B.a(24, 18) = a2519;
    B.a(24, 19) = a2520;
    B.a(24, 20) = a2521;
    B.c[25]     = c26;
    B.a(25, 0)  = a2601;
    B.a(25, 7)  = a2608;
    B.a(25, 8)  = a2609;
    B.a(25, 9)  = a2610;
    B.a(25, 10) = a2611;
    B.a(25, 11) = a2612;
    B.a(25, 12) = a2613;
    B.a(25, 13) = a2614;
    B.a(25, 14) = a2615;
    B.a(25, 16) = a2617;
    B.a(25, 17) = a2618;
    B.a(25, 18) = a2619;
    B.a(25, 19) = a2620;
    B.a(25, 20) = a2621;

    B.c[14] = B.c[15] = 1.0;
    B.b.assign(26, 0.0);
    B.b[0] = b1, B.b[7] = b8, B.b[8] = b9, B.b[9] = b10, B.b[10] = b11, B.b[11] = b12, B.b[12] = b13;
    B.b[13] = b14, B.b[14] = b15;
    std::vector<double> bt(26, 0.0);
    bt[0] = btilde1, bt[7] = btilde8, bt[8] = btilde9, bt[9] = btilde10, bt[10] = btilde11, bt[11] = btilde12;
    bt[12] = btilde13, bt[13] = btilde14, bt[14] = btilde15, bt[15] = btilde16;
    B.bhat.resize(26);
    for (int i = 0; i < 26; ++i) B.bhat[i] = B.b[i] - bt[i];
    return B;
  }

  /// Interpolation weights b_i(θ) over the 26 extended stages (host, for tests).
  static std::vector<double> dense_weights(double th) {
    auto q = [th](double r2, double r3, double r4, double r5, double r6, double r7, double r8, double r9) {
      return th * (r2 + th * (r3 + th * (r4 + th * (r5 + th * (r6 + th * (r7 + th * (r8 + th * r9)))))));
    };
    std::vector<double> w(26, 0.0);
    w[0]  = th * (r011 + q(r012, r013, r014, r015, r016, r017, r018, r019));
    w[7]  = th * q(r082, r083, r084, r085, r086, r087, r088, r089);
    w[8]  = th * q(r092, r093, r094, r095, r096, r097, r098, r099);
    w[9]  = th * q(r102, r103, r104, r105, r106, r107, r108, r109);
    w[10] = th * q(r112, r113, r114, r115, r116, r117, r118, r119);
    w[11] = th * q(r122, r123, r124, r125, r126, r127, r128, r129);
    w[12] = th * q(r132, r133, r134, r135, r136, r137, r138, r139);
    w[13] = th * q(r142, r143, r144, r145, r146, r147, r148, r149);
    w[14] = th * q(r152, r153, r154, r155, r156, r157, r158, r159);
    w[16] = th * q(r172, r173, r174, r175, r176, r177, r178, r179);
    w[17] = th * q(r182, r183, r184, r185, r186, r187, r188, r189);
    w[18] = th * q(r192, r193, r194, r195, r196, r197, r198, r199);
    w[19] = th * q(r202, r203, r204, r205, r206, r207, r208, r209);
    w[20] = th * q(r212, r213, r214, r215, r216, r217, r218, r219);
    w[21] = th * q(r222, r223, r224, r225, r226, r227, r228, r229);
    w[22] = th * q(r232, r233, r234, r235, r236, r237, r238, r239);
    w[23] = th * q(r242, r243, r244, r245, r246, r247, r248, r249);
    w[24] = th * q(r252, r253, r254, r255, r256, r257, r258, r259);
    w[25] = th * q(r262, r263, r264, r265, r266, r267, r268, r269);
    return w;
  }
};

/// θ (r2 + θ (r3 + ... + θ r9)), Horner form.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T vern_poly1_8(const T th, const double r2, const double r3, const double r4,
                                           const double r5, const double r6, const double r7, const double r8,
                                           const double r9) {
  return th *
         (T(r2) + th * (T(r3) + th * (T(r4) + th * (T(r5) + th * (T(r6) + th * (T(r7) + th * (T(r8) + th * T(r9))))))));
}

/// Vern9 stepper for state `Vec<T, N>`; see the stepper contract in Kode_RungeKutta.hpp.
template <class T, int N>
struct Vern9Stepper {
  using V   = Vec<T, N>;
  using Tab = Vern9Tableau;
  V k1, k8, k9, k10, k11, k12, k13, k14, k15;  // what the solution and the interpolant need

  template <class F>
  KOKKOS_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    V k2, k3, k4, k5, k6, k7;
    f(k2, rk_stage(u, h, T(Tab::a0201), k1), t + T(Tab::c2) * h);
    f(k3, rk_stage(u, h, T(Tab::a0301), k1, T(Tab::a0302), k2), t + T(Tab::c3) * h);
    f(k4, rk_stage(u, h, T(Tab::a0401), k1, T(Tab::a0403), k3), t + T(Tab::c4) * h);
    f(k5, rk_stage(u, h, T(Tab::a0501), k1, T(Tab::a0503), k3, T(Tab::a0504), k4), t + T(Tab::c5) * h);
    f(k6, rk_stage(u, h, T(Tab::a0601), k1, T(Tab::a0604), k4, T(Tab::a0605), k5), t + T(Tab::c6) * h);
    f(k7, rk_stage(u, h, T(Tab::a0701), k1, T(Tab::a0704), k4, T(Tab::a0705), k5, T(Tab::a0706), k6),
      t + T(Tab::c7) * h);
    f(k8, rk_stage(u, h, T(Tab::a0801), k1, T(Tab::a0806), k6, T(Tab::a0807), k7), t + T(Tab::c8) * h);
    f(k9, rk_stage(u, h, T(Tab::a0901), k1, T(Tab::a0906), k6, T(Tab::a0907), k7, T(Tab::a0908), k8),
      t + T(Tab::c9) * h);
    f(k10,
      rk_stage(u, h, T(Tab::a1001), k1, T(Tab::a1006), k6, T(Tab::a1007), k7, T(Tab::a1008), k8, T(Tab::a1009), k9),
      t + T(Tab::c10) * h);
    f(k11,
      rk_stage(u, h, T(Tab::a1101), k1, T(Tab::a1106), k6, T(Tab::a1107), k7, T(Tab::a1108), k8, T(Tab::a1109), k9,
               T(Tab::a1110), k10),
      t + T(Tab::c11) * h);
    f(k12,
      rk_stage(u, h, T(Tab::a1201), k1, T(Tab::a1206), k6, T(Tab::a1207), k7, T(Tab::a1208), k8, T(Tab::a1209), k9,
               T(Tab::a1210), k10, T(Tab::a1211), k11),
      t + T(Tab::c12) * h);
    f(k13,
      rk_stage(u, h, T(Tab::a1301), k1, T(Tab::a1306), k6, T(Tab::a1307), k7, T(Tab::a1308), k8, T(Tab::a1309), k9,
               T(Tab::a1310), k10, T(Tab::a1311), k11, T(Tab::a1312), k12),
      t + T(Tab::c13) * h);
    f(k14,
      rk_stage(u, h, T(Tab::a1401), k1, T(Tab::a1406), k6, T(Tab::a1407), k7, T(Tab::a1408), k8, T(Tab::a1409), k9,
               T(Tab::a1410), k10, T(Tab::a1411), k11, T(Tab::a1412), k12, T(Tab::a1413), k13),
      t + T(Tab::c14) * h);
    f(k15,
      rk_stage(u, h, T(Tab::a1501), k1, T(Tab::a1506), k6, T(Tab::a1507), k7, T(Tab::a1508), k8, T(Tab::a1509), k9,
               T(Tab::a1510), k10, T(Tab::a1511), k11, T(Tab::a1512), k12, T(Tab::a1513), k13, T(Tab::a1514), k14),
      t + h);
    unew = rk_stage(u, h, T(Tab::b1), k1, T(Tab::b8), k8, T(Tab::b9), k9, T(Tab::b10), k10, T(Tab::b11), k11,
                    T(Tab::b12), k12, T(Tab::b13), k13, T(Tab::b14), k14, T(Tab::b15), k15);
    if constexpr (ErrorEstimate) {  // the 16th stage feeds only the error estimate
      V k16;
      f(k16,
        rk_stage(u, h, T(Tab::a1601), k1, T(Tab::a1606), k6, T(Tab::a1607), k7, T(Tab::a1608), k8, T(Tab::a1609), k9,
                 T(Tab::a1610), k10, T(Tab::a1611), k11, T(Tab::a1612), k12, T(Tab::a1613), k13),
        t + h);
      err = rk_combine(h, T(Tab::btilde1), k1, T(Tab::btilde8), k8, T(Tab::btilde9), k9, T(Tab::btilde10), k10,
                       T(Tab::btilde11), k11, T(Tab::btilde12), k12, T(Tab::btilde13), k13, T(Tab::btilde14), k14,
                       T(Tab::btilde15), k15, T(Tab::btilde16), k16);
      st.nf += 15;
    } else {
      st.nf += 14;
    }
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);  // the next step's first stage (not FSAL)
    ++st.nf;
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F& f, const T t, const V& uprev, const V&, const T h, const T th,
                                Stats& st) const {
    V k17, k18, k19, k20, k21, k22, k23, k24, k25, k26;
    f(k17,
      rk_stage(uprev, h, T(Tab::a1701), k1, T(Tab::a1708), k8, T(Tab::a1709), k9, T(Tab::a1710), k10, T(Tab::a1711),
               k11, T(Tab::a1712), k12, T(Tab::a1713), k13, T(Tab::a1714), k14, T(Tab::a1715), k15),
      t + T(Tab::c17) * h);
    f(k18,
      rk_stage(uprev, h, T(Tab::a1801), k1, T(Tab::a1808), k8, T(Tab::a1809), k9, T(Tab::a1810), k10, T(Tab::a1811),
               k11, T(Tab::a1812), k12, T(Tab::a1813), k13, T(Tab::a1814), k14, T(Tab::a1815), k15, T(Tab::a1817), k17),
      t + T(Tab::c18) * h);
    f(k19,
      rk_stage(uprev, h, T(Tab::a1901), k1, T(Tab::a1908), k8, T(Tab::a1909), k9, T(Tab::a1910), k10, T(Tab::a1911),
               k11, T(Tab::a1912), k12, T(Tab::a1913), k13, T(Tab::a1914), k14, T(Tab::a1915), k15, T(Tab::a1917), k17,
               T(Tab::a1918), k18),
      t + T(Tab::c19) * h);
    f(k20,
      rk_stage(uprev, h, T(Tab::a2001), k1, T(Tab::a2008), k8, T(Tab::a2009), k9, T(Tab::a2010), k10, T(Tab::a2011),
               k11, T(Tab::a2012), k12, T(Tab::a2013), k13, T(Tab::a2014), k14, T(Tab::a2015), k15, T(Tab::a2017), k17,
               T(Tab::a2018), k18, T(Tab::a2019), k19),
      t + T(Tab::c20) * h);
    f(k21,
      rk_stage(uprev, h, T(Tab::a2101), k1, T(Tab::a2108), k8, T(Tab::a2109), k9, T(Tab::a2110), k10, T(Tab::a2111),
               k11, T(Tab::a2112), k12, T(Tab::a2113), k13, T(Tab::a2114), k14, T(Tab::a2115), k15, T(Tab::a2117), k17,
               T(Tab::a2118), k18, T(Tab::a2119), k19, T(Tab::a2120), k20),
      t + T(Tab::c21) * h);
    f(k22,
      rk_stage(uprev, h, T(Tab::a2201), k1, T(Tab::a2208), k8, T(Tab::a2209), k9, T(Tab::a2210), k10, T(Tab::a2211),
               k11, T(Tab::a2212), k12, T(Tab::a2213), k13, T(Tab::a2214), k14, T(Tab::a2215), k15, T(Tab::a2217), k17,
               T(Tab::a2218), k18, T(Tab::a2219), k19, T(Tab::a2220), k20, T(Tab::a2221), k21),
      t + T(Tab::c22) * h);
    f(k23,
      rk_stage(uprev, h, T(Tab::a2301), k1, T(Tab::a2308), k8, T(Tab::a2309), k9, T(Tab::a2310), k10, T(Tab::a2311),
               k11, T(Tab::a2312), k12, T(Tab::a2313), k13, T(Tab::a2314), k14, T(Tab::a2315), k15, T(Tab::a2317), k17,
               T(Tab::a2318), k18, T(Tab::a2319), k19, T(Tab::a2320), k20, T(Tab::a2321), k21),
      t + T(Tab::c23) * h);
    f(k24,
      rk_stage(uprev, h, T(Tab::a2401), k1, T(Tab::a2408), k8, T(Tab::a2409), k9, T(Tab::a2410), k10, T(Tab::a2411),
               k11, T(Tab::a2412), k12, T(Tab::a2413), k13, T(Tab::a2414), k14, T(Tab::a2415), k15, T(Tab::a2417), k17,
               T(Tab::a2418), k18, T(Tab::a2419), k19, T(Tab::a2420), k20, T(Tab::a2421), k21),
      t + T(Tab::c24) * h);
    f(k25,
      rk_stage(uprev, h, T(Tab::a2501), k1, T(Tab::a2508), k8, T(Tab::a2509), k9, T(Tab::a2510), k10, T(Tab::a2511),
               k11, T(Tab::a2512), k12, T(Tab::a2513), k13, T(Tab::a2514), k14, T(Tab::a2515), k15, T(Tab::a2517), k17,
               T(Tab::a2518), k18, T(Tab::a2519), k19, T(Tab::a2520), k20, T(Tab::a2521), k21),
      t + T(Tab::c25) * h);
    f(k26,
      rk_stage(uprev, h, T(Tab::a2601), k1, T(Tab::a2608), k8, T(Tab::a2609), k9, T(Tab::a2610), k10, T(Tab::a2611),
               k11, T(Tab::a2612), k12, T(Tab::a2613), k13, T(Tab::a2614), k14, T(Tab::a2615), k15, T(Tab::a2617), k17,
               T(Tab::a2618), k18, T(Tab::a2619), k19, T(Tab::a2620), k20, T(Tab::a2621), k21),
      t + T(Tab::c26) * h);
    st.nf += 10;
    const T w1 = th * (T(Tab::r011) + vern_poly1_8(th, Tab::r012, Tab::r013, Tab::r014, Tab::r015, Tab::r016, Tab::r017,
                                                   Tab::r018, Tab::r019));
    const T w8 =
        th * vern_poly1_8(th, Tab::r082, Tab::r083, Tab::r084, Tab::r085, Tab::r086, Tab::r087, Tab::r088, Tab::r089);
    const T w9 =
        th * vern_poly1_8(th, Tab::r092, Tab::r093, Tab::r094, Tab::r095, Tab::r096, Tab::r097, Tab::r098, Tab::r099);
    const T w10 =
        th * vern_poly1_8(th, Tab::r102, Tab::r103, Tab::r104, Tab::r105, Tab::r106, Tab::r107, Tab::r108, Tab::r109);
    const T w11 =
        th * vern_poly1_8(th, Tab::r112, Tab::r113, Tab::r114, Tab::r115, Tab::r116, Tab::r117, Tab::r118, Tab::r119);
    const T w12 =
        th * vern_poly1_8(th, Tab::r122, Tab::r123, Tab::r124, Tab::r125, Tab::r126, Tab::r127, Tab::r128, Tab::r129);
    const T w13 =
        th * vern_poly1_8(th, Tab::r132, Tab::r133, Tab::r134, Tab::r135, Tab::r136, Tab::r137, Tab::r138, Tab::r139);
    const T w14 =
        th * vern_poly1_8(th, Tab::r142, Tab::r143, Tab::r144, Tab::r145, Tab::r146, Tab::r147, Tab::r148, Tab::r149);
    const T w15 =
        th * vern_poly1_8(th, Tab::r152, Tab::r153, Tab::r154, Tab::r155, Tab::r156, Tab::r157, Tab::r158, Tab::r159);
    const T w17 =
        th * vern_poly1_8(th, Tab::r172, Tab::r173, Tab::r174, Tab::r175, Tab::r176, Tab::r177, Tab::r178, Tab::r179);
    const T w18 =
        th * vern_poly1_8(th, Tab::r182, Tab::r183, Tab::r184, Tab::r185, Tab::r186, Tab::r187, Tab::r188, Tab::r189);
    const T w19 =
        th * vern_poly1_8(th, Tab::r192, Tab::r193, Tab::r194, Tab::r195, Tab::r196, Tab::r197, Tab::r198, Tab::r199);
    const T w20 =
        th * vern_poly1_8(th, Tab::r202, Tab::r203, Tab::r204, Tab::r205, Tab::r206, Tab::r207, Tab::r208, Tab::r209);
    const T w21 =
        th * vern_poly1_8(th, Tab::r212, Tab::r213, Tab::r214, Tab::r215, Tab::r216, Tab::r217, Tab::r218, Tab::r219);
    const T w22 =
        th * vern_poly1_8(th, Tab::r222, Tab::r223, Tab::r224, Tab::r225, Tab::r226, Tab::r227, Tab::r228, Tab::r229);
    const T w23 =
        th * vern_poly1_8(th, Tab::r232, Tab::r233, Tab::r234, Tab::r235, Tab::r236, Tab::r237, Tab::r238, Tab::r239);
    const T w24 =
        th * vern_poly1_8(th, Tab::r242, Tab::r243, Tab::r244, Tab::r245, Tab::r246, Tab::r247, Tab::r248, Tab::r249);
    const T w25 =
        th * vern_poly1_8(th, Tab::r252, Tab::r253, Tab::r254, Tab::r255, Tab::r256, Tab::r257, Tab::r258, Tab::r259);
    const T w26 =
        th * vern_poly1_8(th, Tab::r262, Tab::r263, Tab::r264, Tab::r265, Tab::r266, Tab::r267, Tab::r268, Tab::r269);
    return rk_stage(uprev, h, w1, k1, w8, k8, w9, k9, w10, k10, w11, k11, w12, k12, w13, k13, w14, k14, w15, k15, w17,
                    k17, w18, k18, w19, k19, w20, k20, w21, k21, w22, k22, w23, k23, w24, k24, w25, k25, w26, k26);
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

}  // namespace Impl

/// \brief Verner's 9(8) pair (Vern9): for very tight tolerances (1e-10 … 1e-14, double). 16
/// stages, 15–16 right-hand-side evaluations per step; 9th-order dense output (10 more evaluations
/// per step that contains save times).
struct Vern9 {
  static constexpr int order          = 9;  ///< order of the propagated solution
  static constexpr bool has_error_est = true;
  static constexpr const char* name   = "Vern9";
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::Vern9Stepper<T, N>;
};

}  // namespace kode

#endif  // KODE_VERN9_HPP
