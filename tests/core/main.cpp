// Catch2's main(); every other file in tests/core/ holds test cases only.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
