// The Robertson example's Rodas5P solves, in their own translation unit (see robertson.hpp).
#include "robertson.hpp"

template int solve_method<kode::Rodas5P>(const Settings&);
