#ifndef YINHUI_HANDLERS_H
#define YINHUI_HANDLERS_H

struct req;

/* health.c */
void health_live(struct req *r);
void health_ready(struct req *r);
void health_metrics(struct req *r);
/* offices.c */
void offices_list(struct req *r);
void offices_get(struct req *r);
void offices_create(struct req *r);
void offices_patch(struct req *r);
/* auth.c */
void auth_token(struct req *r);
void auth_revoke(struct req *r);
void auth_jwks(struct req *r);
/* accounts.c */
void accounts_list(struct req *r);
void accounts_get(struct req *r);
void accounts_create(struct req *r);
void accounts_patch(struct req *r);
/* clients.c */
void clients_list(struct req *r);
void clients_get(struct req *r);
void clients_create(struct req *r);
void clients_delete(struct req *r);
/* branches.c */
void branches_list(struct req *r);
void branches_create(struct req *r);
void branches_get(struct req *r);
void branches_patch(struct req *r);
void branches_dissolve(struct req *r);
void branches_tree(struct req *r);
void branches_roster(struct req *r);
void branches_coverage(struct req *r);
/* members.c */
void members_list(struct req *r);
void members_create(struct req *r);
void members_get(struct req *r);
void members_patch(struct req *r);
void members_lookup(struct req *r);
void members_transfer(struct req *r);
void members_deceased(struct req *r);
void members_unpaired(struct req *r);
/* memberships.c */
void memberships_list(struct req *r);
void memberships_add(struct req *r);
void memberships_end(struct req *r);
void members_liaison_put(struct req *r);
void members_liaison_delete(struct req *r);
void members_service_card(struct req *r);
/* members_csv.c */
void members_export(struct req *r);
void members_import(struct req *r);
/* audit.c */
void audit_list(struct req *r);
/* volunteers.c */
void vteams_list(struct req *r);
void vteams_create(struct req *r);
void vteams_get(struct req *r);
void vteams_patch(struct req *r);
void vteams_member_put(struct req *r);
void vteams_member_delete(struct req *r);
void volunteers_list(struct req *r);
void volunteers_create(struct req *r);
void volunteers_get(struct req *r);
void volunteers_me(struct req *r);
void volunteers_patch(struct req *r);
void volunteers_points(struct req *r);
void volunteers_redeem(struct req *r);
void vhonours_list(struct req *r);
void vhonours_create(struct req *r);
void vhonours_delete(struct req *r);
/* vevents.c */
void vevents_list(struct req *r);
void vevents_create(struct req *r);
void vevents_get(struct req *r);
void vevents_patch(struct req *r);
void vsignups_create(struct req *r);
void vsignups_list(struct req *r);
void vsignups_cancel(struct req *r);
void vevents_attendance(struct req *r);
void vevents_checkin_code(struct req *r);
void vevents_checkin(struct req *r);
void vevents_claim(struct req *r);
void vevents_matches(struct req *r);
void vhours_decide(struct req *r);
void vneeds_list(struct req *r);
void vneeds_create(struct req *r);
void vneeds_get(struct req *r);
void vneeds_move(struct req *r);
/* talents.c */
void tcats_list(struct req *r);
void tcats_create(struct req *r);
void tcats_patch(struct req *r);
void talents_create(struct req *r);
void talents_get(struct req *r);
void talents_me(struct req *r);
void talents_patch(struct req *r);
void talents_transition(struct req *r);
void talents_list(struct req *r);
void talents_review_due(struct req *r);
void talents_search(struct req *r);
void tgroups_list(struct req *r);
void tgroups_get(struct req *r);
void tgroups_create(struct req *r);
void tgroups_member(struct req *r);
/* trequests.c */
void treqs_create(struct req *r);
void treqs_get(struct req *r);
void treqs_list(struct req *r);
void treqs_matches(struct req *r);
void treqs_assign(struct req *r);
void tassign_decide(struct req *r);
void treqs_finish(struct req *r);
/* orglife.c */
void activities_create(struct req *r);
void activities_get(struct req *r);
void activities_patch(struct req *r);
void activities_list(struct req *r);
void activities_attendance(struct req *r);
void orglife_rules_get(struct req *r);
void orglife_rules_put(struct req *r);
void orglife_compliance(struct req *r);
void dues_record(struct req *r);
void dues_arrears(struct req *r);
void dues_export(struct req *r);
/* care.c */
void visit_reasons_list(struct req *r);
void visits_create(struct req *r);
void visits_get(struct req *r);
void visits_list(struct req *r);
void holidays_get(struct req *r);
void holidays_put(struct req *r);
void care_due(struct req *r);
void honours_list(struct req *r);
void honours_create(struct req *r);
void honours_delete(struct req *r);
void honours_fifty(struct req *r);
void honours_fifty_award(struct req *r);
/* evaluation.c */
void esheets_list(struct req *r);
void esheets_create(struct req *r);
void esheets_get(struct req *r);
void evals_list(struct req *r);
void evals_create(struct req *r);
void evals_get(struct req *r);
void evals_patch(struct req *r);
void evals_decide(struct req *r);
/* terms.c */
void terms_list(struct req *r);
void terms_create(struct req *r);
void terms_due(struct req *r);
/* study.c */
void study_list(struct req *r);
void study_create(struct req *r);
void study_rules_get(struct req *r);
void study_rules_put(struct req *r);
void study_summary(struct req *r);
void study_feature(struct req *r);
void study_special_issue(struct req *r);
/* suggestions.c */
void suggestions_list(struct req *r);
void suggestions_create(struct req *r);
void suggestions_get(struct req *r);
void suggestions_forward(struct req *r);
void suggestions_answer(struct req *r);
void suggestions_close(struct req *r);
/* surveys.c */
void surveys_list(struct req *r);
void surveys_create(struct req *r);
void surveys_get(struct req *r);
void surveys_status(struct req *r);
void surveys_ballot(struct req *r);
void surveys_respond(struct req *r);
void surveys_results(struct req *r);
/* webhooks.c */
void webhooks_list(struct req *r);
void webhooks_create(struct req *r);
void webhooks_get(struct req *r);
void webhooks_patch(struct req *r);
void webhooks_deliveries(struct req *r);
void webhooks_redeliver(struct req *r);
/* stats.c */
void stats_overview(struct req *r);
/* vreports.c */
void vhours_list(struct req *r);
void vleaderboard(struct req *r);
void vreports(struct req *r);

#endif
