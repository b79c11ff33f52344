/// \file Kode.hpp
/// \brief kode's umbrella header: the only header user code needs.
///
/// kode solves ensembles of ODEs (one small system, many trajectories with their own parameters
/// and initial states) on any Kokkos backend. See README.md for an example and
/// docs/architecture.md for how the pieces fit.
#ifndef KODE_HPP
#define KODE_HPP

#include "Kode_Compat.hpp"
#include "Kode_Math.hpp"
#include "Kode_Vec.hpp"
#include "Kode_ReturnCode.hpp"
#include "Kode_Traits.hpp"

#include "Kode_DP5.hpp"
#include "Kode_RK4.hpp"
#include "Kode_Rodas.hpp"
#include "Kode_Rosenbrock23.hpp"
#include "Kode_SDIRK.hpp"
#include "Kode_Tsit5.hpp"
#include "Kode_Vern7.hpp"
#include "Kode_Vern9.hpp"

#include "Kode_Callbacks.hpp"
#include "Kode_EnsembleAlgorithms.hpp"
#include "Kode_EnsembleProblem.hpp"
#include "Kode_EnsembleSolution.hpp"
#include "Kode_SolverOptions.hpp"
#include "Kode_Solve.hpp"

#endif  // KODE_HPP
