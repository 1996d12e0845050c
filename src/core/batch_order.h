// The order in which training examples are visited: a fresh seeded shuffle every epoch, read off
// one example at a time, so that every mini-batch has exactly the configured size (a batch that
// crosses an epoch's end continues into the next shuffle).
#pragma once

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "rng.h"

namespace vg {

class BatchOrder {
 public:
  BatchOrder() : rng_(0) {}
  BatchOrder(int num_examples, std::uint64_t seed) : rng_(seed), order_(static_cast<std::size_t>(num_examples)) {
    std::iota(order_.begin(), order_.end(), 0);
    shuffle();
  }
  // The next example's index (allocation-free).
  int next() {
    if (cursor_ == order_.size()) {
      shuffle();
      cursor_ = 0;
    }
    return order_[cursor_++];
  }

 private:
  void shuffle() {  // Fisher-Yates with the portable generator
    for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(i)]);
  }
  Rng rng_;
  std::vector<int> order_;
  std::size_t cursor_ = 0;
};

}  // namespace vg
