// The Robertson example's TRBDF2 solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::TRBDF2>(const Settings&);
