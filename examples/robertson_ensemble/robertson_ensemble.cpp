// Robertson's stiff kinetics ensemble: the command line (the problem and the solve are in
// robertson.hpp, each method compiled in its own robertson_<method>.cpp).
#include "robertson.hpp"

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "robertson_ensemble: %s\n"
               "usage: robertson_ensemble [--trajectories N]\n"
               "                          [--method rosenbrock23|rodas4|rodas5p|trbdf2|kvaerno3|kvaerno5]\n"
               "                          [--jacobian analytic|auto|fd] [--float|--double] [--abstol X]\n"
               "                          [--reltol X] [--tf X] [--saveat t1,t2,...] [--output FILE.csv]\n",
               msg);
  std::exit(2);
}

double to_number(const std::string& v) {
  char* end      = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0') usage(("not a number: " + v).c_str());
  return x;
}

Settings parse(int argc, char* argv[]) {
  Settings s;
  auto value = [&](int& k) -> std::string {
    if (k + 1 >= argc) usage((std::string(argv[k]) + " needs a value").c_str());
    return argv[++k];
  };
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--trajectories") {
      s.trajectories = long(to_number(value(k)));
    } else if (a == "--method") {
      s.method            = value(k);
      const char* known[] = {"rosenbrock23", "rodas4", "rodas5p", "trbdf2", "kvaerno3", "kvaerno5"};
      if (std::find(std::begin(known), std::end(known), s.method) == std::end(known))
        usage(("unknown method " + s.method).c_str());
    } else if (a == "--jacobian") {
      s.jacobian = value(k);
      if (s.jacobian != "analytic" && s.jacobian != "auto" && s.jacobian != "fd")
        usage(("unknown Jacobian " + s.jacobian).c_str());
    } else if (a == "--float") {
      s.use_double = false;
    } else if (a == "--double") {
      s.use_double = true;
    } else if (a == "--abstol") {
      s.abstol = to_number(value(k));
    } else if (a == "--reltol") {
      s.reltol = to_number(value(k));
    } else if (a == "--tf") {
      s.tf = to_number(value(k));
    } else if (a == "--saveat") {
      std::stringstream list(value(k));
      std::string item;
      while (std::getline(list, item, ',')) s.saveat.push_back(to_number(item));
    } else if (a == "--output") {
      s.output = value(k);
    } else if (a == "--help" || a == "-h") {
      usage("solves a Robertson ensemble and prints a summary");
    } else if (a.rfind("--kokkos", 0) != 0) {
      usage(("unknown option " + a).c_str());
    }
  }
  if (s.trajectories < 1) usage("--trajectories must be at least 1");
  if (s.abstol == 0) s.abstol = s.use_double ? 1e-10 : 1e-7;
  if (s.reltol == 0) s.reltol = s.use_double ? 1e-6 : 1e-4;
  return s;
}

int with_method(const Settings& s) {
  if (s.method == "rosenbrock23") return solve_method<kode::Rosenbrock23>(s);
  if (s.method == "rodas4") return solve_method<kode::Rodas4>(s);
  if (s.method == "trbdf2") return solve_method<kode::TRBDF2>(s);
  if (s.method == "kvaerno3") return solve_method<kode::Kvaerno3>(s);
  if (s.method == "kvaerno5") return solve_method<kode::Kvaerno5>(s);
  return solve_method<kode::Rodas5P>(s);
}

int main(int argc, char* argv[]) {
  const Settings s = parse(argc, argv);
  Kokkos::ScopeGuard guard(argc, argv);
  try {
    return with_method(s);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "robertson_ensemble: %s\n", e.what());
    return 2;
  }
}
