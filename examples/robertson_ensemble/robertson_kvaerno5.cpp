// The Robertson example's Kvaerno5 solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::Kvaerno5>(const Settings&);
