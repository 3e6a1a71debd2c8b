"""Fixtures for the tests of the aidmatch Python module."""

import pytest

import aidmatch

REGIONS_CSV = """\
code,name,level,parent_code,lat,lon
330000,浙江省,province,,30.287459,120.153576
330100,杭州市,city,330000,30.287459,120.153576
330102,上城区,district,330100,30.2425,120.1693
"""

PROVIDERS_HEADER = (
    "id,kind,name,firm_id,home_region,gender,practice_years,"
    "criminal_defence_years,specialties,languages,minors_familiar,"
    "volunteer_type,capacity,current_load,rating\n"
)

MATTERS_CSV = """\
id,kind,category,assigning_region,serving_region,date,difficulty,specialty,\
minor,disability,language,preferred_gender,life_or_death,case_group,conflicts
M1,assigned_case,civil,330102,330102,2025-06-05,2,civil,false,false,,,false,,
"""

PAIRINGS_CSV = """\
id,kind,provider_side,served_region,valid_from,valid_to,service_types,source
P1,twinning,330102,330102,2024-06-01,2026-12-31,assigned_case,test
"""


def provider_rows(capacity):
    """Return a firm and one of its lawyers with the given capacity."""
    return (
        "F1,firm,Firm 1,,330102,,,,,,,,,,\n"
        f"L1,lawyer,Lawyer 1,F1,330102,female,10,5,civil,,true,,"
        f"{capacity},0,4\n"
    )


def write_small_data(folder, capacity="2"):
    """Write a three-region data set with one lawyer and one matter.

    Returns the paths as a dict with the keyword names of aidmatch.load.
    """
    paths = {
        "regions": folder / "regions.csv",
        "providers": folder / "providers.csv",
        "matters": folder / "matters.csv",
        "pairings": [folder / "pairings.csv"],
    }
    paths["regions"].write_text(REGIONS_CSV, encoding="utf-8")
    paths["providers"].write_text(
        PROVIDERS_HEADER + provider_rows(capacity), encoding="utf-8"
    )
    paths["matters"].write_text(MATTERS_CSV, encoding="utf-8")
    paths["pairings"][0].write_text(PAIRINGS_CSV, encoding="utf-8")
    return paths


@pytest.fixture
def small_files(tmp_path):
    """Return a function that writes the small data set into tmp_path."""
    return lambda capacity="2": write_small_data(tmp_path, capacity)


@pytest.fixture(scope="session")
def default_data():
    return aidmatch.load_default()


@pytest.fixture(scope="session")
def default_result(default_data):
    return aidmatch.dispatch(default_data)


@pytest.fixture(autouse=True)
def no_log_callback():
    """Remove any log callback that a test installs."""
    yield
    aidmatch.set_log_callback(None)
