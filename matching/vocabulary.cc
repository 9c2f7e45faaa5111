#include "matching/vocabulary.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace renfort::matching {

absl::StatusOr<SkillVocabulary> SkillVocabulary::Create(std::vector<std::string> slugs) {
  if (slugs.size() > kMaxSkills) {
    return absl::InvalidArgumentError(absl::StrCat("skill vocabulary: at most ", kMaxSkills,
                                                   " skills, got ", slugs.size()));
  }
  absl::flat_hash_map<std::string, int> seen;
  for (const std::string& slug : slugs) {
    if (slug.empty()) return absl::InvalidArgumentError("skill vocabulary: empty slug");
    if (!seen.emplace(slug, 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("skill vocabulary: slug \"", slug, "\" appears twice"));
    }
  }
  return SkillVocabulary(std::move(slugs));
}

SkillVocabulary::SkillVocabulary(std::vector<std::string> slugs) : slugs_(std::move(slugs)) {
  for (int i = 0; i < static_cast<int>(slugs_.size()); ++i) bit_of_.emplace(slugs_[i], i);
}

absl::StatusOr<uint64_t> SkillVocabulary::MaskOf(
    const google::protobuf::RepeatedPtrField<std::string>& slugs, absl::string_view field) const {
  uint64_t mask = 0;
  for (const std::string& slug : slugs) {
    auto it = bit_of_.find(slug);
    if (it == bit_of_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": unknown skill \"", slug, "\""));
    }
    mask |= uint64_t{1} << it->second;
  }
  return mask;
}

std::vector<std::string> SkillVocabulary::SlugsOf(uint64_t mask) const {
  std::vector<std::string> slugs;
  for (int i = 0; i < static_cast<int>(slugs_.size()); ++i) {
    if (mask & (uint64_t{1} << i)) slugs.push_back(slugs_[i]);
  }
  return slugs;
}

uint16_t DomainBit(renfort::v1::Domain domain) {
  const int value = static_cast<int>(domain);
  if (value < 1 || value > kDomainCount) return 0;
  return static_cast<uint16_t>(1u << (value - 1));
}

absl::StatusOr<uint16_t> DomainMaskOf(const google::protobuf::RepeatedField<int>& domains,
                                      absl::string_view field) {
  uint16_t mask = 0;
  for (int value : domains) {
    const uint16_t bit = DomainBit(static_cast<renfort::v1::Domain>(value));
    if (bit == 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": invalid domain ", value));
    }
    mask |= bit;
  }
  return mask;
}

}  // namespace renfort::matching
