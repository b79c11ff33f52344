// The Robertson example's Rosenbrock23 solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::Rosenbrock23>(const Settings&);
