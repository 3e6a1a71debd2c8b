// The Dataset class and the functions that load one.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "aidmatch/io/load.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/model/dataset.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<Dataset> load_default() {
  return std::make_shared<Dataset>(
      io::load_dataset(io::default_tables(), current_logger()));
}

std::shared_ptr<Dataset> load(const fs::path& regions,
                              const fs::path& providers,
                              const fs::path& matters,
                              const std::optional<fs::path>& region_tags,
                              const std::optional<fs::path>& pools,
                              const py::object& pairings_argument) {
  // One path is accepted as well as a sequence of them.
  std::vector<fs::path> pairings;
  const py::object path_like = py::module_::import("os").attr("PathLike");
  if (py::isinstance<py::str>(pairings_argument) ||
      py::isinstance<py::bytes>(pairings_argument) ||
      py::isinstance(pairings_argument, path_like)) {
    pairings.push_back(pairings_argument.cast<fs::path>());
  } else {
    try {
      pairings = pairings_argument.cast<std::vector<fs::path>>();
    } catch (const py::cast_error&) {
      throw py::type_error(
          "pairings must be a path or a sequence of paths (str or "
          "os.PathLike), not " +
          std::string(py::str(pairings_argument.get_type())));
    }
  }
  io::DatasetTables tables{io::Table::read_file(regions.string()),
                           std::nullopt,
                           io::Table::read_file(providers.string()),
                           std::nullopt,
                           {},
                           io::Table::read_file(matters.string())};
  if (region_tags) {
    tables.region_tags = io::Table::read_file(region_tags->string());
  }
  if (pools) tables.pools = io::Table::read_file(pools->string());
  for (const fs::path& path : pairings) {
    tables.pairings.push_back(io::Table::read_file(path.string()));
  }
  return std::make_shared<Dataset>(io::load_dataset(tables, current_logger()));
}

py::list matter_ids(const Dataset& data) {
  py::list ids;
  for (const Matter& matter : data.matters) ids.append(to_str(matter.id));
  return ids;
}

py::list provider_ids(const Dataset& data) {
  py::list ids;
  for (const Provider& provider : data.providers.all()) {
    ids.append(to_str(provider.id));
  }
  return ids;
}

py::list embedded_file_names() {
  py::list names;
  for (std::string_view name : io::embedded_file_names()) {
    names.append(to_str(name));
  }
  return names;
}

const char* const kDatasetDoc =
    R"(Regions, providers, pools, pairings and a batch of matters.

A Dataset is read-only and is created by ``load`` or ``load_default``.
Every reference in it (region codes, provider ids, firms, pools) has been
checked.
)";

const char* const kLoadDefaultDoc =
    R"(Load the data set compiled into the library.

It holds Zhejiang's 102 regions (the province, 11 cities and 90
county-level divisions) with their tags and mountain-sea pairings, and a
synthetic batch of providers, pools, pairings and 4000 matters.

Returns
-------
Dataset

Notes
-----
The mountain-sea list has a row for 嘉兴港区 (Jiaxing Port Area), a
functional zone with no region code. The row is skipped with a warning
through the callback of ``set_log_callback``.
)";

const char* const kLoadDoc =
    R"(Load a data set from CSV or JSON files.

The format of each file follows its extension, .csv or .json. The files
under data/ in the source tree show the columns of each kind of file.

Parameters
----------
regions : str or os.PathLike
    Regions: code, name, level, parent_code, lat, lon.
providers : str or os.PathLike
    Firms, lawyers and volunteers.
matters : str or os.PathLike
    The batch of matters to dispatch.
region_tags : str or os.PathLike, optional
    Dated region tags such as "mountain" or "resource_short".
pools : str or os.PathLike, optional
    Pool memberships.
pairings : str, os.PathLike or a sequence of them, default ()
    Pairing files, each in the general format or the mountain-sea list
    format.

Returns
-------
Dataset

Raises
------
InputError
    A subclass of ValueError, when a file cannot be read or a record is
    invalid. The message names the file and line, the field, the value and
    what is expected, for example ``providers.csv:3: field "capacity":
    invalid value "-2"; ...``.

Notes
-----
Files must be UTF-8. Bytes that are not UTF-8 appear as U+FFFD in the
ids and messages returned to Python.
)";

const char* const kEmbeddedFileDoc =
    R"(Return the text of a data file compiled into the library.

Parameters
----------
name : str
    One of the names from ``embedded_file_names()``, such as
    "policy/default.json" or "zhejiang/regions.csv".

Returns
-------
str

Raises
------
NotFoundError
    A subclass of KeyError, when no embedded file has that name.
)";

}  // namespace

void bind_dataset(py::module_& m) {
  py::class_<Dataset, std::shared_ptr<Dataset>>(m, "Dataset", kDatasetDoc)
      .def_property_readonly(
          "n_regions", [](const Dataset& data) { return data.regions.size(); },
          "Number of regions, at every level.")
      .def_property_readonly(
          "n_providers",
          [](const Dataset& data) { return data.providers.size(); },
          "Number of providers: firms, lawyers and volunteers.")
      .def_property_readonly(
          "n_matters", [](const Dataset& data) { return data.matters.size(); },
          "Number of matters in the batch.")
      .def_property_readonly(
          "n_pools", [](const Dataset& data) { return data.pools.size(); },
          "Number of pools: the provincial pool and the city pools.")
      .def_property_readonly(
          "n_pairings",
          [](const Dataset& data) { return data.pairings.size(); },
          "Number of pairings loaded, without the rows skipped with a "
          "warning.")
      .def("matter_ids", &matter_ids,
           "Return the matter ids in input order, the row order of a "
           "dispatch result.\n\nReturns\n-------\nlist of str\n")
      .def("provider_ids", &provider_ids,
           "Return the provider ids in input order.\n\nReturns\n-------\n"
           "list of str\n")
      .def("__repr__", [](const Dataset& data) {
        return "<aidmatch.Dataset: " + std::to_string(data.regions.size()) +
               " regions, " + std::to_string(data.providers.size()) +
               " providers, " + std::to_string(data.pools.size()) +
               " pools, " + std::to_string(data.pairings.size()) +
               " pairings, " + std::to_string(data.matters.size()) +
               " matters>";
      });

  m.def("load_default", &load_default, kLoadDefaultDoc);
  m.def("load", &load, py::arg("regions"), py::arg("providers"),
        py::arg("matters"), py::arg("region_tags") = py::none(),
        py::arg("pools") = py::none(),
        py::arg_v("pairings", py::tuple(), "()"), kLoadDoc);
  m.def(
      "embedded_file",
      [](const std::string& name) { return to_str(io::embedded_file(name)); },
      py::arg("name"), kEmbeddedFileDoc);
  m.def("embedded_file_names", &embedded_file_names,
        "Return the names of the data files compiled into the library."
        "\n\nReturns\n-------\nlist of str\n");
}

}  // namespace aidmatch::python
