// The bundled sample corpus (data/sample), compiled into the binary.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace quarry::cli {

/// (file name, contents) of each sample article, sorted by name.
const std::vector<std::pair<std::string, std::string>>& sample_corpus();

}  // namespace quarry::cli
