#ifndef RENFORT_MATCHING_ACTIVITY_H_
#define RENFORT_MATCHING_ACTIVITY_H_

#include "absl/time/time.h"

namespace renfort::matching {

// What matching needs to know about a volunteer beyond the renfort.v1.Volunteer message:
// aggregates that storage computes from participations and invitations and passes with every
// snapshot row or delta.
struct VolunteerActivity {
  // Participations of the volunteer that ended DONE / NO_SHOW. Feed the reliability factor.
  int done_count = 0;
  int no_show_count = 0;
  // Invitations the volunteer received during the UTC calendar month of `counted_at` (any
  // status). Feeds the fairness factor; from the next month on it counts as 0.
  int invitations_this_month = 0;
  absl::Time counted_at = absl::InfinitePast();
};

// How an organisation answers applications; feeds the ORGANISATION_RESPONSIVENESS factor of
// RecommendMissions.
struct OrganisationActivity {
  // Applications to the organisation's missions, and how many of them got an answer (accepted
  // or refused), over the window storage chooses (e.g. the last 12 months).
  int applications_received = 0;
  int applications_answered = 0;
  // Median time from application to answer, over the answered ones, in hours.
  double median_answer_hours = 0;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ACTIVITY_H_
