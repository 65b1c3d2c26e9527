#include "query/field_weights.hpp"

namespace quarry::query {

void apply_title_weight(PlanNode& plan, double title_weight, Planner& planner) {
    if (plan.kind == PlanNode::Kind::Group) {
        for (auto* children : {&plan.must, &plan.should, &plan.must_not})
            for (auto& child : *children) apply_title_weight(child, title_weight, planner);
        return;
    }
    if (plan.kind != PlanNode::Kind::Term || plan.field != index::Field::All) return;
    PlanNode title = planner.term_node(index::Field::Title, plan.terms.front());
    title.query_freq = plan.query_freq;
    title.boost = plan.boost * title_weight;
    PlanNode group;
    group.kind = PlanNode::Kind::Group;
    group.should.push_back(std::move(plan));
    group.should.push_back(std::move(title));
    plan = std::move(group);
}

}  // namespace quarry::query
