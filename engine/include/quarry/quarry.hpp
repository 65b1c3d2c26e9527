// The quarry search engine library: include this header only.
#pragma once

#include "quarry/analyzer_options.hpp"
#include "quarry/document.hpp"
#include "quarry/errors.hpp"
#include "quarry/index.hpp"
#include "quarry/search.hpp"
