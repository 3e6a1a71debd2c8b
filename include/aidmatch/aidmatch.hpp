// Umbrella header: the whole public API of aidmatch.
#pragma once

#include "aidmatch/core/date.hpp"
#include "aidmatch/core/error.hpp"
#include "aidmatch/core/log.hpp"
#include "aidmatch/dispatch/dispatch.hpp"
#include "aidmatch/dispatch/explain.hpp"
#include "aidmatch/dispatch/report.hpp"
#include "aidmatch/io/dimacs.hpp"
#include "aidmatch/io/load.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/model/dataset.hpp"
#include "aidmatch/rules/eligibility.hpp"
#include "aidmatch/rules/policy.hpp"
#include "aidmatch/solvers/linear_sum_assignment.hpp"
#include "aidmatch/solvers/min_cost_flow.hpp"
#include "aidmatch/solvers/sparse_assignment.hpp"
#include "aidmatch/synth/synthetic.hpp"
