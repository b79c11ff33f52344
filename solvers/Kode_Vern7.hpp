/// \file Kode_Vern7.hpp
/// \brief `kode::Vern7`: Verner's "most efficient" 7(6) explicit Runge–Kutta pair with its
/// 7th-order dense output.
///
/// Source: J. H. Verner, "Numerically optimal Runge–Kutta pairs with interpolants", Numerical
/// Algorithms 53 (2010) 383–396; the coefficients of his "efficient 7(6)" pair (10 stages) and of
/// its interpolant (6 extra stages), as rounded to double in DiffEqGPU.jl's
/// `src/ensemblegpukernel/tableaus/verner_tableaus.jl` (`Vern7Tableau`, `Vern7ExtraStages`,
/// `Vern7InterpolationCoefficients`), the same numbers as OrdinaryDiffEq.jl's
/// `verner_tableaus.jl`. `btildeI` = b_I − b̂_I (error estimate h Σ btildeI kI).
/// Not FSAL: k1 = f(u) is evaluated once per accepted step (in `accept`), so a rejected step costs
/// 9 evaluations and an accepted one 10 (9 with fixed steps, which skip the 10th stage: it feeds
/// only the error estimate); the interpolant evaluates its 6 extra stages only when a save time
/// falls inside a step.
#ifndef KODE_VERN7_HPP
#define KODE_VERN7_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// Vern7's coefficients (stage numbering of the paper: aIJ is row I, column J; stages 11–16 are
/// the interpolant's extra stages; the interpolation weights are b_I(θ) = Σ_j rIj θ^j).
struct Vern7Tableau {
  // Vern7Tableau
  static constexpr double c2 = 0.005, c3 = 0.10888888888888888, c4 = 0.16333333333333333;
  static constexpr double c5 = 0.4555, c6 = 0.6095094489978381, c7 = 0.884;
  static constexpr double c8 = 0.925, a021 = 0.005, a031 = -1.07679012345679;
  static constexpr double a032 = 1.185679012345679, a041 = 0.04083333333333333, a043 = 0.1225;
  static constexpr double a051 = 0.6389139236255726, a053 = -2.455672638223657, a054 = 2.272258714598084;
  static constexpr double a061 = -2.6615773750187572, a063 = 10.804513886456137, a064 = -8.3539146573962;
  static constexpr double a065 = 0.820487594956657, a071 = 6.067741434696772, a073 = -24.711273635911088;
  static constexpr double a074 = 20.427517930788895, a075 = -1.9061579788166472, a076 = 1.006172249242068;
  static constexpr double a081 = 12.054670076253203, a083 = -49.75478495046899, a084 = 41.142888638604674;
  static constexpr double a085 = -4.461760149974004, a086 = 2.042334822239175, a087 = -0.09834843665406107;
  static constexpr double a091 = 10.138146522881808, a093 = -42.6411360317175, a094 = 35.76384003992257;
  static constexpr double a095 = -4.3480228403929075, a096 = 2.0098622683770357, a097 = 0.3487490460338272;
  static constexpr double a098 = -0.27143900510483127, a101 = -45.030072034298676, a103 = 187.3272437654589;
  static constexpr double a104 = -154.02882369350186, a105 = 18.56465306347536, a106 = -7.141809679295079;
  static constexpr double a107 = 1.3088085781613787, b1 = 0.04715561848627222, b4 = 0.25750564298434153;
  static constexpr double b5 = 0.26216653977412624, b6 = 0.15216092656738558, b7 = 0.4939969170032485;
  static constexpr double b8 = -0.29430311714032503, b9 = 0.08131747232495111, btilde1 = 0.002547011879931045;
  static constexpr double btilde4 = -0.00965839487279575, btilde5 = 0.04206470975639691, btilde6 = -0.0666822437469301;
  static constexpr double btilde7 = 0.2650097464621281, btilde8 = -0.29430311714032503, btilde9 = 0.08131747232495111;
  static constexpr double btilde10 = -0.02029518466335628;
  // Vern7ExtraStages
  static constexpr double c11 = 1.0, a1101 = 0.04715561848627222, a1104 = 0.25750564298434153;
  static constexpr double a1105 = 0.2621665397741262, a1106 = 0.15216092656738558, a1107 = 0.49399691700324844;
  static constexpr double a1108 = -0.29430311714032503, a1109 = 0.0813174723249511, c12 = 0.29;
  static constexpr double a1201 = 0.0523222769159969, a1204 = 0.22495861826705715, a1205 = 0.017443709248776376;
  static constexpr double a1206 = -0.007669379876829393, a1207 = 0.03435896044073285, a1208 = -0.0410209723009395;
  static constexpr double a1209 = 0.025651133005205617, a1211 = -0.0160443457, c13 = 0.125;
  static constexpr double a1301 = 0.053053341257859085, a1304 = 0.12195301011401886, a1305 = 0.017746840737602496;
  static constexpr double a1306 = -0.0005928372667681495, a1307 = 0.008381833970853752, a1308 = -0.01293369259698612;
  static constexpr double a1309 = 0.009412056815253861, a1311 = -0.005353253107275676, a1312 = -0.06666729992455811;
  static constexpr double c14 = 0.25, a1401 = 0.03887903257436304, a1404 = -0.0024403203308301317;
  static constexpr double a1405 = -0.0013928917214672623, a1406 = -0.00047446291558680135,
                          a1407 = 0.00039207932413159514;
  static constexpr double a1408 = -0.00040554733285128004, a1409 = 0.00019897093147716726,
                          a1411 = -0.00010278198793179169;
  static constexpr double a1412 = 0.03385661513870267, a1413 = 0.1814893063199928, c15 = 0.53;
  static constexpr double a1501 = 0.05723681204690013, a1504 = 0.22265948066761182, a1505 = 0.12344864200186899;
  static constexpr double a1506 = 0.04006332526666491, a1507 = -0.05269894848581452, a1508 = 0.04765971214244523;
  static constexpr double a1509 = -0.02138895885042213, a1511 = 0.015193891064036402, a1512 = 0.12060546716289655;
  static constexpr double a1513 = -0.022779423016187374, c16 = 0.79, a1601 = 0.051372038802756814;
  static constexpr double a1604 = 0.5414214473439406, a1605 = 0.350399806692184, a1606 = 0.14193112269692182;
  static constexpr double a1607 = 0.10527377478429423, a1608 = -0.031081847805874016, a1609 = -0.007401883149519145;
  static constexpr double a1611 = -0.006377932504865363, a1612 = -0.17325495908361865, a1613 = -0.18228156777622026;
  // Vern7InterpolationCoefficients
  static constexpr double r011 = 1.0, r012 = -8.413387198332767, r013 = 33.675508884490895;
  static constexpr double r014 = -70.80159089484886, r015 = 80.64695108301298, r016 = -47.19413969837522;
  static constexpr double r017 = 11.133813442539243, r042 = 8.754921980674396, r043 = -88.4596828699771;
  static constexpr double r044 = 346.9017638429916, r045 = -629.2580030059837, r046 = 529.6773755604193;
  static constexpr double r047 = -167.35886986514018, r052 = 8.913387586637922, r053 = -90.06081846893218;
  static constexpr double r054 = 353.1807459217058, r055 = -640.6476819744374, r056 = 539.2646279047156;
  static constexpr double r057 = -170.38809442991547, r062 = 5.1733120298478, r063 = -52.271115900055385;
  static constexpr double r064 = 204.9853867374073, r065 = -371.8306118563603, r066 = 312.9880934374529;
  static constexpr double r067 = -98.89290352172495, r072 = 16.79537744079696, r073 = -169.70040000059728;
  static constexpr double r074 = 665.4937727009246, r075 = -1207.1638892336007, r076 = 1016.1291515818546;
  static constexpr double r077 = -321.06001557237494, r082 = -10.005997536098665, r083 = 101.1005433052275;
  static constexpr double r084 = -396.47391512378437, r085 = 719.1787707014183, r086 = -605.3681033918824;
  static constexpr double r087 = 191.27439892797935, r092 = 2.764708833638599, r093 = -27.934602637390462;
  static constexpr double r094 = 109.54779186137893, r095 = -198.7128113064482, r096 = 167.26633571640318;
  static constexpr double r097 = -52.85010499525706, r112 = -2.1696320280163506, r113 = 22.016696037569876;
  static constexpr double r114 = -86.90152427798948, r115 = 159.22388973861476, r116 = -135.9618306534588;
  static constexpr double r117 = 43.792401183280006, r122 = -4.890070188793804, r123 = 22.75407737425176;
  static constexpr double r124 = -30.78034218537731, r125 = -2.797194317207249, r126 = 31.369456637508403;
  static constexpr double r127 = -15.655927320381801, r132 = 10.862170929551967, r133 = -50.542971417827104;
  static constexpr double r134 = 68.37148040407511, r135 = 6.213326521632409, r136 = -69.68006323194157;
  static constexpr double r137 = 34.776056794509195, r142 = -11.37286691922923, r143 = 130.79058078246717;
  static constexpr double r144 = -488.65113677785604, r145 = 832.2148793276441, r146 = -664.7743368554426;
  static constexpr double r147 = 201.79288044241662, r152 = -5.919778732715007, r153 = 63.27679965889219;
  static constexpr double r154 = -265.432682088738, r155 = 520.1009254140611, r156 = -467.412109533902;
  static constexpr double r157 = 155.3868452824017, r162 = -10.492146197961823, r163 = 105.35538525188011;
  static constexpr double r164 = -409.43975011988937, r165 = 732.831448907654, r166 = -606.3044574733512;
  static constexpr double r167 = 188.0495196316683;

  /// The 16-stage extended tableau (10 stages + 6 interpolation stages) as host arrays, with the
  /// 7th-order weights b and the embedded 6th-order weights b̂ over the first 10 stages.
  static ButcherTableau butcher() {
    ButcherTableau B(16);
    B.c[1]      = c2;
    B.c[2]      = c3;
    B.c[3]      = c4;
    B.c[4]      = c5;
    B.c[5]      = c6;
    B.c[6]      = c7;
    B.c[7]      = c8;
    B.a(1, 0)   = a021;
    B.a(2, 0)   = a031;
    B.a(2, 1)   = a032;
    B.a(3, 0)   = a041;
    B.a(3, 2)   = a043;
    B.a(4, 0)   = a051;
    B.a(4, 2)   = a053;
    B.a(4, 3)   = a054;
    B.a(5, 0)   = a061;
    B.a(5, 2)   = a063;
    B.a(5, 3)   = a064;
    B.a(5, 4)   = a065;
    B.a(6, 0)   = a071;
    B.a(6, 2)   = a073;
    B.a(6, 3)   = a074;
    B.a(6, 4)   = a075;
    B.a(6, 5)   = a076;
    B.a(7, 0)   = a081;
    B.a(7, 2)   = a083;
    B.a(7, 3)   = a084;
    B.a(7, 4)   = a085;
    B.a(7, 5)   = a086;
    B.a(7, 6)   = a087;
    B.a(8, 0)   = a091;
    B.a(8, 2)   = a093;
    B.a(8, 3)   = a094;
    B.a(8, 4)   = a095;
    B.a(8, 5)   = a096;
    B.a(8, 6)   = a097;
    B.a(8, 7)   = a098;
    B.a(9, 0)   = a101;
    B.a(9, 2)   = a103;
    B.a(9, 3)   = a104;
    B.a(9, 4)   = a105;
    B.a(9, 5)   = a106;
    B.a(9, 6)   = a107;
    B.c[10]     = c11;
    B.a(10, 0)  = a1101;
    B.a(10, 3)  = a1104;
    B.a(10, 4)  = a1105;
    B.a(10, 5)  = a1106;
    B.a(10, 6)  = a1107;
    B.a(10, 7)  = a1108;
    B.a(10, 8)  = a1109;
    B.c[11]     = c12;
    B.a(11, 0)  = a1201;
    B.a(11, 3)  = a1204;
    B.a(11, 4)  = a1205;
    B.a(11, 5)  = a1206;
    B.a(11, 6)  = a1207;
    B.a(11, 7)  = a1208;
    B.a(11, 8)  = a1209;
    B.a(11, 10) = a1211;
    B.c[12]     = c13;
    B.a(12, 0)  = a1301;
    B.a(12, 3)  = a1304;
    B.a(12, 4)  = a1305;
    B.a(12, 5)  = a1306;
    B.a(12, 6)  = a1307;
    B.a(12, 7)  = a1308;
    B.a(12, 8)  = a1309;
    B.a(12, 10) = a1311;
    B.a(12, 11) = a1312;
    B.c[13]     = c14;
    B.a(13, 0)  = a1401;
    B.a(13, 3)  = a1404;
    B.a(13, 4)  = a1405;
    B.a(13, 5)  = a1406;
    B.a(13, 6)  = a1407;
    B.a(13, 7)  = a1408;
    B.a(13, 8)  = a1409;
    B.a(13, 10) = a1411;
    B.a(13, 11) = a1412;
    B.a(13, 12) = a1413;
    B.c[14]     = c15;
    B.a(14, 0)  = a1501;
    B.a(14, 3)  = a1504;
    B.a(14, 4)  = a1505;
    B.a(14, 5)  = a1506;
    B.a(14, 6)  = a1507;
    B.a(14, 7)  = a1508;
    B.a(14, 8)  = a1509;
    B.a(14, 10) = a1511;
    B.a(14, 11) = a1512;
    B.a(14, 12) = a1513;
    B.c[15]     = c16;
    B.a(15, 0)  = a1601;
    B.a(15, 3)  = a1604;
    B.a(15, 4)  = a1605;
    B.a(15, 5)  = a1606;
    B.a(15, 6)  = a1607;
    B.a(15, 7)  = a1608;
    B.a(15, 8)  = a1609;
    B.a(15, 10) = a1611;
    B.a(15, 11) = a1612;
    B.a(15, 12) = a1613;

    B.b.assign(16, 0.0);
    B.b[0] = b1, B.b[3] = b4, B.b[4] = b5, B.b[5] = b6, B.b[6] = b7, B.b[7] = b8, B.b[8] = b9;
    const double bt[16] = {btilde1, 0, 0, btilde4, btilde5, btilde6, btilde7, btilde8, btilde9, btilde10};
    B.bhat.resize(16);
    for (int i = 0; i < 16; ++i) B.bhat[i] = B.b[i] - bt[i];
    B.c[8] = B.c[9] = 1.0;
    return B;
  }

  /// Interpolation weights b_i(θ) over the 16 extended stages (host, for tests).
  static std::vector<double> dense_weights(double th) {
    auto p = [th](double r2, double r3, double r4, double r5, double r6, double r7) {
      return th * th * (r2 + th * (r3 + th * (r4 + th * (r5 + th * (r6 + th * r7)))));
    };
    std::vector<double> w(16, 0.0);
    w[0]  = th * r011 + p(r012, r013, r014, r015, r016, r017);
    w[3]  = p(r042, r043, r044, r045, r046, r047);
    w[4]  = p(r052, r053, r054, r055, r056, r057);
    w[5]  = p(r062, r063, r064, r065, r066, r067);
    w[6]  = p(r072, r073, r074, r075, r076, r077);
    w[7]  = p(r082, r083, r084, r085, r086, r087);
    w[8]  = p(r092, r093, r094, r095, r096, r097);
    w[10] = p(r112, r113, r114, r115, r116, r117);
    w[11] = p(r122, r123, r124, r125, r126, r127);
    w[12] = p(r132, r133, r134, r135, r136, r137);
    w[13] = p(r142, r143, r144, r145, r146, r147);
    w[14] = p(r152, r153, r154, r155, r156, r157);
    w[15] = p(r162, r163, r164, r165, r166, r167);
    return w;
  }
};

/// θ² (r2 + θ (r3 + ... + θ r7)), Horner form.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T vern_poly2_7(const T th, const double r2, const double r3, const double r4,
                                           const double r5, const double r6, const double r7) {
  return th * th * (T(r2) + th * (T(r3) + th * (T(r4) + th * (T(r5) + th * (T(r6) + th * T(r7))))));
}

/// Vern7 stepper for state `Vec<T, N>`; see the stepper contract in Kode_RungeKutta.hpp.
template <class T, int N>
struct Vern7Stepper {
  using V   = Vec<T, N>;
  using Tab = Vern7Tableau;
  // Stages of the last step. k2 and k3 feed only later stages and are not kept; k10 feeds only the
  // error estimate.
  V k1, k4, k5, k6, k7, k8, k9;

  template <class F>
  KOKKOS_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    V k2, k3;
    f(k2, rk_stage(u, h, T(Tab::a021), k1), t + T(Tab::c2) * h);
    f(k3, rk_stage(u, h, T(Tab::a031), k1, T(Tab::a032), k2), t + T(Tab::c3) * h);
    f(k4, rk_stage(u, h, T(Tab::a041), k1, T(Tab::a043), k3), t + T(Tab::c4) * h);
    f(k5, rk_stage(u, h, T(Tab::a051), k1, T(Tab::a053), k3, T(Tab::a054), k4), t + T(Tab::c5) * h);
    f(k6, rk_stage(u, h, T(Tab::a061), k1, T(Tab::a063), k3, T(Tab::a064), k4, T(Tab::a065), k5), t + T(Tab::c6) * h);
    f(k7, rk_stage(u, h, T(Tab::a071), k1, T(Tab::a073), k3, T(Tab::a074), k4, T(Tab::a075), k5, T(Tab::a076), k6),
      t + T(Tab::c7) * h);
    f(k8,
      rk_stage(u, h, T(Tab::a081), k1, T(Tab::a083), k3, T(Tab::a084), k4, T(Tab::a085), k5, T(Tab::a086), k6,
               T(Tab::a087), k7),
      t + T(Tab::c8) * h);
    f(k9,
      rk_stage(u, h, T(Tab::a091), k1, T(Tab::a093), k3, T(Tab::a094), k4, T(Tab::a095), k5, T(Tab::a096), k6,
               T(Tab::a097), k7, T(Tab::a098), k8),
      t + h);
    unew = rk_stage(u, h, T(Tab::b1), k1, T(Tab::b4), k4, T(Tab::b5), k5, T(Tab::b6), k6, T(Tab::b7), k7, T(Tab::b8),
                    k8, T(Tab::b9), k9);
    if constexpr (ErrorEstimate) {  // the 10th stage feeds only the error estimate
      V k10;
      f(k10,
        rk_stage(u, h, T(Tab::a101), k1, T(Tab::a103), k3, T(Tab::a104), k4, T(Tab::a105), k5, T(Tab::a106), k6,
                 T(Tab::a107), k7),
        t + h);
      err = rk_combine(h, T(Tab::btilde1), k1, T(Tab::btilde4), k4, T(Tab::btilde5), k5, T(Tab::btilde6), k6,
                       T(Tab::btilde7), k7, T(Tab::btilde8), k8, T(Tab::btilde9), k9, T(Tab::btilde10), k10);
      st.nf += 9;
    } else {
      st.nf += 8;
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
    V k11, k12, k13, k14, k15, k16;
    f(k11,
      rk_stage(uprev, h, T(Tab::a1101), k1, T(Tab::a1104), k4, T(Tab::a1105), k5, T(Tab::a1106), k6, T(Tab::a1107), k7,
               T(Tab::a1108), k8, T(Tab::a1109), k9),
      t + T(Tab::c11) * h);
    f(k12,
      rk_stage(uprev, h, T(Tab::a1201), k1, T(Tab::a1204), k4, T(Tab::a1205), k5, T(Tab::a1206), k6, T(Tab::a1207), k7,
               T(Tab::a1208), k8, T(Tab::a1209), k9, T(Tab::a1211), k11),
      t + T(Tab::c12) * h);
    f(k13,
      rk_stage(uprev, h, T(Tab::a1301), k1, T(Tab::a1304), k4, T(Tab::a1305), k5, T(Tab::a1306), k6, T(Tab::a1307), k7,
               T(Tab::a1308), k8, T(Tab::a1309), k9, T(Tab::a1311), k11, T(Tab::a1312), k12),
      t + T(Tab::c13) * h);
    f(k14,
      rk_stage(uprev, h, T(Tab::a1401), k1, T(Tab::a1404), k4, T(Tab::a1405), k5, T(Tab::a1406), k6, T(Tab::a1407), k7,
               T(Tab::a1408), k8, T(Tab::a1409), k9, T(Tab::a1411), k11, T(Tab::a1412), k12, T(Tab::a1413), k13),
      t + T(Tab::c14) * h);
    f(k15,
      rk_stage(uprev, h, T(Tab::a1501), k1, T(Tab::a1504), k4, T(Tab::a1505), k5, T(Tab::a1506), k6, T(Tab::a1507), k7,
               T(Tab::a1508), k8, T(Tab::a1509), k9, T(Tab::a1511), k11, T(Tab::a1512), k12, T(Tab::a1513), k13),
      t + T(Tab::c15) * h);
    f(k16,
      rk_stage(uprev, h, T(Tab::a1601), k1, T(Tab::a1604), k4, T(Tab::a1605), k5, T(Tab::a1606), k6, T(Tab::a1607), k7,
               T(Tab::a1608), k8, T(Tab::a1609), k9, T(Tab::a1611), k11, T(Tab::a1612), k12, T(Tab::a1613), k13),
      t + T(Tab::c16) * h);
    st.nf += 6;
    const T w1 = th * T(Tab::r011) + vern_poly2_7(th, Tab::r012, Tab::r013, Tab::r014, Tab::r015, Tab::r016, Tab::r017);
    const T w4 = vern_poly2_7(th, Tab::r042, Tab::r043, Tab::r044, Tab::r045, Tab::r046, Tab::r047);
    const T w5 = vern_poly2_7(th, Tab::r052, Tab::r053, Tab::r054, Tab::r055, Tab::r056, Tab::r057);
    const T w6 = vern_poly2_7(th, Tab::r062, Tab::r063, Tab::r064, Tab::r065, Tab::r066, Tab::r067);
    const T w7 = vern_poly2_7(th, Tab::r072, Tab::r073, Tab::r074, Tab::r075, Tab::r076, Tab::r077);
    const T w8 = vern_poly2_7(th, Tab::r082, Tab::r083, Tab::r084, Tab::r085, Tab::r086, Tab::r087);
    const T w9 = vern_poly2_7(th, Tab::r092, Tab::r093, Tab::r094, Tab::r095, Tab::r096, Tab::r097);
    const T w11 = vern_poly2_7(th, Tab::r112, Tab::r113, Tab::r114, Tab::r115, Tab::r116, Tab::r117);
    const T w12 = vern_poly2_7(th, Tab::r122, Tab::r123, Tab::r124, Tab::r125, Tab::r126, Tab::r127);
    const T w13 = vern_poly2_7(th, Tab::r132, Tab::r133, Tab::r134, Tab::r135, Tab::r136, Tab::r137);
    const T w14 = vern_poly2_7(th, Tab::r142, Tab::r143, Tab::r144, Tab::r145, Tab::r146, Tab::r147);
    const T w15 = vern_poly2_7(th, Tab::r152, Tab::r153, Tab::r154, Tab::r155, Tab::r156, Tab::r157);
    const T w16 = vern_poly2_7(th, Tab::r162, Tab::r163, Tab::r164, Tab::r165, Tab::r166, Tab::r167);
    return rk_stage(uprev, h, w1, k1, w4, k4, w5, k5, w6, k6, w7, k7, w8, k8, w9, k9, w11, k11, w12, k12, w13, k13, w14,
                    k14, w15, k15, w16, k16);
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

}  // namespace Impl

/// \brief Verner's 7(6) pair (Vern7): for tight tolerances (about 1e-8 … 1e-12). 10 stages, 9–10
/// right-hand-side evaluations per step; 7th-order dense output (6 more evaluations per step that
/// contains save times).
struct Vern7 {
  static constexpr int order          = 7;  ///< order of the propagated solution
  static constexpr bool has_error_est = true;
  static constexpr const char* name   = "Vern7";
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::Vern7Stepper<T, N>;
};

}  // namespace kode

#endif  // KODE_VERN7_HPP
