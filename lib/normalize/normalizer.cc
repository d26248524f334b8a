#include <optional>
#include <string>

#include "base/out_of_memory.h"
#include "lexgate/normalize.h"
#include "normalize/fold_kernel.h"
#include "normalize/fold_table.h"
#include "normalize/options_bits.h"

namespace lexgate {

const std::array<NormalizeSwitch, 7>& NormalizeSwitches() {
  static constexpr std::array<NormalizeSwitch, 7> kSwitches = {{
      {"nfkc_casefold", &NormalizeOptions::nfkc_casefold},
      {"drop_ignorables", &NormalizeOptions::drop_ignorables},
      {"traditional_to_simplified",
       &NormalizeOptions::traditional_to_simplified},
      {"lookalikes", &NormalizeOptions::lookalikes},
      {"strip_diacritics", &NormalizeOptions::strip_diacritics},
      {"drop_cjk_noise", &NormalizeOptions::drop_cjk_noise},
      {"join_spaced_letters", &NormalizeOptions::join_spaced_letters},
  }};
  return kSwitches;
}

namespace internal {

uint32_t OptionBits(const NormalizeOptions& options) {
  uint32_t bits = 0;
  for (size_t i = 0; i < NormalizeSwitches().size(); ++i) {
    if (options.*NormalizeSwitches()[i].field) bits |= 1u << i;
  }
  return bits;
}

NormalizeOptions OptionsFromBits(uint32_t bits) {
  NormalizeOptions options;
  for (size_t i = 0; i < NormalizeSwitches().size(); ++i) {
    options.*NormalizeSwitches()[i].field = (bits >> i) & 1;
  }
  return options;
}

}  // namespace internal

Normalizer::Normalizer(const NormalizeOptions& options)
    : options_(options), table_(internal::FoldTable::Get(options)) {}

absl::Status Normalizer::Normalize(std::string_view text,
                                   NormalizedText* out) const {
  // One kernel per thread, kept from call to call: its working buffers
  // then allocate nothing in steady state (Normalize() calls nothing that
  // could call it back).
  thread_local std::optional<internal::FoldKernel> kept;
  if (kept) {
    kept->Rebind(options_, *table_);
  } else {
    kept.emplace(options_, *table_);
  }
  internal::FoldKernel& kernel = *kept;
  internal::FoldBuffer buffer;
  buffer.text = std::move(out->folded);  // reuse the caller's capacity
  buffer.map = std::move(out->map);
  kernel.Reset(&buffer);
  absl::Status status = internal::CatchOutOfMemory(
      "Normalizer::Normalize",
      [&] { return kernel.Append(text, /*final=*/true, &buffer); });
  // A huge text's working memory is not kept for the thread's lifetime.
  constexpr size_t kKeptKernelBytes = size_t{1} << 20;
  if (kernel.CapacityBytes() > kKeptKernelBytes) kernel.ReleaseMemory();
  out->folded = std::move(buffer.text);
  out->map = std::move(buffer.map);
  if (!status.ok()) {
    out->folded.clear();
    out->map = OffsetMap();
  }
  return status;
}

absl::StatusOr<NormalizedText> Normalizer::Normalize(
    std::string_view text) const {
  NormalizedText out;
  absl::Status status = Normalize(text, &out);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::string> Normalizer::Fold(std::string_view text) const {
  NormalizedText out;
  absl::Status status = Normalize(text, &out);
  if (!status.ok()) return status;
  return std::move(out.folded);
}

}  // namespace lexgate
