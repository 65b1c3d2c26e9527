#include "eval/boolean_scorers.hpp"

#include <algorithm>

namespace quarry::eval {

ConjunctionScorer::ConjunctionScorer(std::vector<ScorerPtr> children) : children_(std::move(children)) {
    for (const auto& child : children_) in_query_order_.push_back(child.get());
    std::sort(children_.begin(), children_.end(), [](const ScorerPtr& a, const ScorerPtr& b) { return a->cost() < b->cost(); });
    align(children_.front()->doc());
}

std::uint32_t ConjunctionScorer::align(std::uint32_t target) {
    while (target != kEndDoc) {
        bool aligned = true;
        for (auto& child : children_) {
            const std::uint32_t doc = child->seek(target);
            if (doc != target) {
                target = doc;
                aligned = false;
                break;
            }
        }
        if (aligned) break;
    }
    return doc_ = target;
}

std::uint32_t ConjunctionScorer::next() {
    if (doc_ == kEndDoc) return doc_;
    return align(children_.front()->next());
}

std::uint32_t ConjunctionScorer::seek(std::uint32_t target) {
    if (doc_ >= target) return doc_;
    return align(children_.front()->seek(target));
}

double ConjunctionScorer::score() {
    double sum = 0;
    for (Scorer* child : in_query_order_) sum += child->score();
    return sum;
}

void ConjunctionScorer::explain(std::vector<ScoreContribution>& out) {
    for (Scorer* child : in_query_order_) child->explain(out);
}

DisjunctionScorer::DisjunctionScorer(std::vector<ScorerPtr> children) : children_(std::move(children)) { settle(); }

std::uint32_t DisjunctionScorer::settle() {
    std::uint32_t lowest = kEndDoc;
    for (const auto& child : children_) lowest = std::min(lowest, child->doc());
    return doc_ = lowest;
}

std::uint32_t DisjunctionScorer::next() {
    if (doc_ == kEndDoc) return doc_;
    for (auto& child : children_)
        if (child->doc() == doc_) child->next();
    return settle();
}

std::uint32_t DisjunctionScorer::seek(std::uint32_t target) {
    if (doc_ >= target) return doc_;
    for (auto& child : children_) child->seek(target);
    return settle();
}

double DisjunctionScorer::score() {
    // Summed in child order, so that a document's score does not depend on how it was reached.
    double sum = 0;
    for (auto& child : children_)
        if (child->doc() == doc_) sum += child->score();
    return sum;
}

std::uint64_t DisjunctionScorer::cost() const {
    std::uint64_t total = 0;
    for (const auto& child : children_) total += child->cost();
    return total;
}

void DisjunctionScorer::explain(std::vector<ScoreContribution>& out) {
    for (auto& child : children_)
        if (child->doc() == doc_) child->explain(out);
}

RequiredOptionalScorer::RequiredOptionalScorer(ScorerPtr required, ScorerPtr optional)
    : required_(std::move(required)), optional_(std::move(optional)) {
    doc_ = required_->doc();
}

double RequiredOptionalScorer::score() {
    double sum = required_->score();
    if (optional_->seek(doc_) == doc_) sum += optional_->score();
    return sum;
}

void RequiredOptionalScorer::explain(std::vector<ScoreContribution>& out) {
    required_->explain(out);
    if (optional_->seek(doc_) == doc_) optional_->explain(out);
}

ExclusionScorer::ExclusionScorer(ScorerPtr required, ScorerPtr excluded)
    : required_(std::move(required)), excluded_(std::move(excluded)) {
    skip_excluded(required_->doc());
}

std::uint32_t ExclusionScorer::skip_excluded(std::uint32_t doc) {
    while (doc != kEndDoc && excluded_->seek(doc) == doc) doc = required_->next();
    return doc_ = doc;
}

std::uint32_t ExclusionScorer::next() {
    if (doc_ == kEndDoc) return doc_;
    return skip_excluded(required_->next());
}

std::uint32_t ExclusionScorer::seek(std::uint32_t target) {
    if (doc_ >= target) return doc_;
    return skip_excluded(required_->seek(target));
}

}  // namespace quarry::eval
