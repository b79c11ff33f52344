// The Robertson example's Rodas4 solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::Rodas4>(const Settings&);
