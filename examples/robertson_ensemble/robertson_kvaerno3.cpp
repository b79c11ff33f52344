// The Robertson example's Kvaerno3 solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::Kvaerno3>(const Settings&);
