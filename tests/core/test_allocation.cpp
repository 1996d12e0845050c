// A training step, the evaluation inside it and the decision grid allocate nothing: every buffer is
// sized in configure(). Counted by interposing malloc in this test binary (glibc), which sees Eigen's
// allocations and, through operator new, the standard containers'.
#include <catch2/catch.hpp>

#include <cstddef>

#include "trainer.h"

extern "C" void* __libc_malloc(std::size_t size);
namespace {
long heap_allocations = 0;
}
extern "C" void* malloc(std::size_t size) {
  ++heap_allocations;
  return __libc_malloc(size);
}

TEST_CASE("training steps and the decision grid never allocate", "[trainer]") {
  using vg::Activation;
  for (const Activation activation :
       {Activation::Sigmoid, Activation::Tanh, Activation::ReLU, Activation::LeakyReLU, Activation::Maxout,
        Activation::ELU, Activation::SELU, Activation::GELU, Activation::Linear}) {
    for (const bool batch_norm : {false, true}) {
      vg::Config config;
      config.depth = 5;
      config.width = 8;
      config.batch_size = 16;
      config.activation = activation;
      config.init = vg::Init::HeNormal;
      config.batch_norm = batch_norm;
      config.residual_every = 2;
      config.optimizer = vg::OptimizerKind::Adam;
      config.learning_rate = 1e-3;
      vg::Trainer<float> trainer;
      REQUIRE(trainer.configure(config) == "");
      trainer.step(1);
      trainer.predict_grid(20, -6, 6, -6, 6);  // sizes the grid once
      const long before = heap_allocations;
      trainer.step(7);  // telemetry (and evaluation) on the last step
      trainer.predict_grid(20, -6, 6, -6, 6);
      const long allocations = heap_allocations - before;  // read before Catch's message allocates
      INFO("activation " << vg::name_of(activation) << ", batch_norm " << batch_norm);
      CHECK(allocations == 0);
    }
  }
}
