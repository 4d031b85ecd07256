/* The store's named queries for the SQLite backend: X(name, sql), one table. The council
 * rules run them by name (ST_Q_name); a PostgreSQL backend gives the same names in its own
 * dialect. Optional references are bound as 0 and stored as NULL (NULLIF), read as 0. */
#ifndef PLENUM_QUERIES_H
#define PLENUM_QUERIES_H

#define ST_COUNCIL_COLS                                                                      \
	"c.id, c.kind, COALESCE(c.parent, 0), c.seats, c.name, c.place, c.created,"         \
	" CASE c.kind WHEN 3 THEN (SELECT count(DISTINCT g.member) FROM delegates g"         \
	" WHERE g.federation = c.id AND g.until = 0)"                                        \
	" ELSE (SELECT count(*) FROM memberships m WHERE m.council = c.id) END"
#define ST_DELEGATE_COLS                                                                     \
	"g.id, g.council, g.federation, g.member, m.name, g.mandate, COALESCE(g.elected_by, 0)," \
	" g.since, g.until, COALESCE(g.ended_by, 0)"
#define ST_MOTION_COLS                                                                       \
	"id, council, kind, method, title, text, mandate, opener, qnum, qden, mnum, mden, seats," \
	" opened_at, closes_at, closed_at, n_options, status_quo, COALESCE(recall, 0),"       \
	" COALESCE(binds, 0), electorate, public, voters, passed, winner, rules"
#define ST_JOIN_COLS                                                                         \
	"id, council, name, email, place, heard, message, status, COALESCE(member, 0), created,"  \
	" decided, (member IS NULL AND status = 0 AND EXISTS (SELECT 1 FROM members m"          \
	" WHERE m.email = join_requests.email COLLATE NOCASE))"
#define ST_CLOSE_COLS                                                                        \
	"seq, json_extract(content, '$.motion'), json_extract(content, '$.ballots_digest'),"     \
	" json_extract(content, '$.voters'), json_extract(content, '$.passed'),"              \
	" json_extract(content, '$.winner'), json_extract(content, '$.tally'),"               \
	" COALESCE(json_extract(content, '$.rules'), 1)"
#define ST_EVENT_COLS "seq, at, actor, council, kind, content, prev, hash"

#define ST_QUERIES(X)                                                                        \
	X(council_load, "SELECT kind, COALESCE(parent, 0), seats FROM councils WHERE id = ?") \
	X(member_exists, "SELECT 1 FROM members WHERE id = ?")                                \
	X(is_member, "SELECT 1 FROM councils c WHERE c.id = ?1 AND ((c.kind <> 3 AND EXISTS"   \
	  " (SELECT 1 FROM memberships WHERE council = c.id AND member = ?2)) OR (c.kind = 3"  \
	  " AND EXISTS (SELECT 1 FROM delegates WHERE federation = c.id AND member = ?2"      \
	  " AND until = 0)))")                                                                \
	X(count_members, "SELECT CASE kind WHEN 3 THEN (SELECT count(DISTINCT member) FROM"    \
	  " delegates WHERE federation = ?1 AND until = 0) ELSE (SELECT count(*)"              \
	  " FROM memberships WHERE council = ?1) END FROM councils WHERE id = ?1")             \
	X(event_last, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")                \
	X(event_insert, "INSERT INTO events(" ST_EVENT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)") \
	X(event_all, "SELECT " ST_EVENT_COLS " FROM events ORDER BY seq")                      \
	X(event_page, "SELECT " ST_EVENT_COLS " FROM events WHERE seq > ? ORDER BY seq LIMIT ?") \
	X(notice_insert, "INSERT INTO notices(council, at, motion, member, kind, text)"        \
	  " VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)")                                   \
	X(notice_list, "SELECT id, council, at, COALESCE(motion, 0), COALESCE(member, 0), kind," \
	  " text FROM notices WHERE council = ? ORDER BY id")                                  \
	X(council_insert, "INSERT INTO councils(kind, name, place, parent, seats, created)"     \
	  " VALUES (?, ?, ?, NULLIF(?, 0), ?, ?)")                                              \
	X(council_by_name, "SELECT id FROM councils WHERE name = ?")                           \
	X(council_set_parent, "UPDATE councils SET parent = NULLIF(?2, 0) WHERE id = ?1")      \
	X(council_get, "SELECT " ST_COUNCIL_COLS " FROM councils c WHERE c.id = ?")            \
	X(council_list_all, "SELECT " ST_COUNCIL_COLS " FROM councils c ORDER BY c.id")        \
	X(council_list_parent, "SELECT " ST_COUNCIL_COLS " FROM councils c"                    \
	  " WHERE c.parent IS NULLIF(?, 0) ORDER BY c.id")                                     \
	X(member_councils, "SELECT " ST_COUNCIL_COLS " FROM councils c WHERE c.id IN (SELECT"  \
	  " council FROM memberships WHERE member = ?1 UNION SELECT federation FROM delegates" \
	  " WHERE member = ?1 AND until = 0) ORDER BY c.id")                                   \
	X(council_top, "SELECT id FROM councils WHERE kind = 3 AND parent IS NULL ORDER BY id") \
	X(council_children, "SELECT id FROM councils WHERE parent = ? ORDER BY id")            \
	X(membership_insert, "INSERT INTO memberships(council, member, since) VALUES (?, ?, ?)") \
	X(membership_delete, "DELETE FROM memberships WHERE council = ? AND member = ?")       \
	X(seat_of_member, "SELECT id FROM delegates WHERE council = ? AND member = ?"           \
	  " AND until = 0")                                                                    \
	X(council_members, "SELECT m.id, m.name, m.created, m.pwhash IS NOT NULL FROM members m" \
	  " WHERE m.id IN (SELECT member FROM memberships WHERE council = ?1 UNION SELECT"     \
	  " member FROM delegates WHERE federation = ?1 AND until = 0) ORDER BY m.id")         \
	X(member_insert, "INSERT INTO members(name, email, pwhash, created) VALUES (?, ?, ?, ?)") \
	X(member_get, "SELECT id, name, email, created, pwhash IS NOT NULL FROM members"       \
	  " WHERE id = ?")                                                                     \
	X(member_list, "SELECT id, name, created, pwhash IS NOT NULL FROM members ORDER BY id") \
	X(member_by_email, "SELECT id FROM members WHERE email = ? COLLATE NOCASE")            \
	X(member_pw_get, "SELECT id, pwhash FROM members WHERE email = ? COLLATE NOCASE")      \
	X(member_set_pw, "UPDATE members SET pwhash = ? WHERE id = ?")                         \
	X(member_name, "SELECT name FROM members WHERE id = ?")                                \
	X(session_insert, "INSERT INTO sessions(hash, member, expires) VALUES (?, ?, ?)")      \
	X(session_lookup, "SELECT member FROM sessions WHERE hash = ? AND expires > ?")        \
	X(session_delete, "DELETE FROM sessions WHERE hash = ?")                               \
	X(session_purge, "DELETE FROM sessions WHERE expires <= ?")                            \
	X(session_end_others, "DELETE FROM sessions WHERE member = ?1 AND hash != ?2")         \
	X(session_trim, "DELETE FROM sessions WHERE member = ?1 AND hash NOT IN (SELECT hash"  \
	  " FROM sessions WHERE member = ?1 ORDER BY expires DESC LIMIT ?2)")                 \
	X(join_insert, "INSERT INTO join_requests(council, name, email, place, heard, message," \
	  " pwhash, created, member) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))")            \
	X(join_list, "SELECT " ST_JOIN_COLS " FROM join_requests WHERE council = ?1"           \
	  " AND (?2 = 0 OR status = 0) ORDER BY id")                                           \
	X(join_page, "SELECT " ST_JOIN_COLS " FROM join_requests WHERE council = ?1"           \
	  " AND (?2 = 0 OR status = 0) AND id < ?3 ORDER BY id DESC LIMIT ?4")                 \
	X(join_get, "SELECT council, name, email, status, pwhash, COALESCE(member, 0)"        \
	  " FROM join_requests WHERE id = ?")                                                  \
	X(join_decide, "UPDATE join_requests SET status = ?2, member = NULLIF(?3, 0),"         \
	  " decided = ?4 WHERE id = ?1")                                                       \
	X(delegate_count, "SELECT count(*) FROM delegates WHERE council = ? AND until = 0")    \
	X(delegate_get, "SELECT " ST_DELEGATE_COLS " FROM delegates g JOIN members m"          \
	  " ON m.id = g.member WHERE g.id = ?")                                                \
	X(delegate_list, "SELECT " ST_DELEGATE_COLS " FROM delegates g JOIN members m"         \
	  " ON m.id = g.member WHERE g.council = ?1 AND (?2 != 0 OR g.until = 0) ORDER BY g.id") \
	X(delegate_seated_in, "SELECT " ST_DELEGATE_COLS " FROM delegates g JOIN members m"    \
	  " ON m.id = g.member WHERE g.federation = ? AND g.until = 0 ORDER BY g.id")          \
	X(delegate_insert, "INSERT INTO delegates(council, federation, member, mandate,"       \
	  " elected_by, since) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)")                           \
	X(delegate_member, "SELECT member FROM delegates WHERE id = ?")                        \
	X(delegate_vacate, "UPDATE delegates SET until = ?2, ended_by = NULLIF(?3, 0)"         \
	  " WHERE id = ?1")                                                                    \
	X(mandate_for, "SELECT md.option, md.council FROM mandates md JOIN delegates g"        \
	  " ON g.council = md.council AND g.until = 0 WHERE md.motion = ?1 AND g.member = ?2"  \
	  " AND g.federation = (SELECT council FROM motions WHERE id = ?1) LIMIT 1")           \
	X(mandate_list, "SELECT md.council, md.motion, md.option, md.binding_motion, o.label"  \
	  " FROM mandates md JOIN options o ON o.motion = md.motion AND o.idx = md.option"     \
	  " WHERE md.council = ?1 AND (?2 = 0 OR md.motion = ?2) ORDER BY md.motion")          \
	X(mandate_put, "INSERT INTO mandates(council, motion, option, binding_motion)"         \
	  " VALUES (?, ?, ?, ?) ON CONFLICT(council, motion) DO UPDATE SET"                    \
	  " option = excluded.option, binding_motion = excluded.binding_motion")               \
	X(mandate_ballots, "SELECT b.member, b.marks FROM ballots b JOIN delegates g"         \
	  " ON g.member = b.member AND g.council = ?2 AND g.until = 0 AND g.federation ="      \
	  " (SELECT council FROM motions WHERE id = ?1) WHERE b.motion = ?1 ORDER BY b.member") \
	X(mandate_text, "UPDATE delegates SET mandate = ? WHERE council = ? AND until = 0")    \
	X(motion_insert, "INSERT INTO motions(council, kind, method, title, text, mandate,"    \
	  " opener, qnum, qden, mnum, mden, seats, opened_at, closes_at, n_options, status_quo," \
	  " recall, binds, electorate, public, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"  \
	  " ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?)")                               \
	X(motion_get, "SELECT " ST_MOTION_COLS " FROM motions WHERE id = ?")                   \
	X(motion_list, "SELECT " ST_MOTION_COLS " FROM motions WHERE council = ?1 AND (?2 < 0" \
	  " OR (?2 = 0 AND closed_at = 0) OR (?2 = 1 AND closed_at != 0)) ORDER BY id")        \
	X(motion_page, "SELECT " ST_MOTION_COLS " FROM motions WHERE council = ?1 AND (?2 < 0" \
	  " OR (?2 = 0 AND closed_at = 0) OR (?2 = 1 AND closed_at != 0))"                    \
	  " AND id < ?3 ORDER BY id DESC LIMIT ?4")                                            \
	X(motion_closed_recent, "SELECT " ST_MOTION_COLS " FROM motions WHERE closed_at != 0"  \
	  " ORDER BY closed_at DESC, id DESC LIMIT ?1")                                        \
	X(motion_closed_count, "SELECT count(*) FROM motions WHERE closed_at != 0")            \
	X(motion_mandate, "SELECT mandate FROM motions WHERE id = ?")                          \
	X(close_events, "SELECT " ST_CLOSE_COLS " FROM events WHERE kind = 'motion.close'"     \
	  " ORDER BY seq")                                                                     \
	X(close_events_of, "SELECT " ST_CLOSE_COLS " FROM events WHERE kind = 'motion.close'"  \
	  " AND json_extract(content, '$.motion') = ?1 ORDER BY seq")                          \
	X(closed_unrecorded, "SELECT id FROM motions WHERE closed_at != 0 AND id NOT IN"       \
	  " (SELECT json_extract(content, '$.motion') FROM events"                             \
	  " WHERE kind = 'motion.close') ORDER BY id LIMIT 1")                                 \
	X(closed_unrecorded_of, "SELECT id FROM motions WHERE id = ?1 AND closed_at != 0"      \
	  " AND NOT EXISTS (SELECT 1 FROM events WHERE kind = 'motion.close'"                  \
	  " AND json_extract(content, '$.motion') = ?1)")                                      \
	X(motion_close, "UPDATE motions SET closed_at = ?1, voters = ?2, passed = ?3,"         \
	  " winner = ?4, report = ?5, digest = ?6 WHERE id = ?7")                              \
	X(motion_due, "SELECT id FROM motions WHERE closed_at = 0 AND closes_at != 0"          \
	  " AND closes_at <= ? ORDER BY id LIMIT 1")                                           \
	X(option_insert, "INSERT INTO options(motion, idx, label, payload, candidate)"         \
	  " VALUES (?, ?, ?, ?, NULLIF(?, 0))")                                                 \
	X(option_list, "SELECT motion, idx, label, payload, COALESCE(candidate, 0), tally, rank" \
	  " FROM options WHERE motion = ? ORDER BY idx")                                       \
	X(option_candidate, "SELECT candidate FROM options WHERE motion = ? AND idx = ?")      \
	X(option_count, "UPDATE options SET tally = ?1, rank = ?2 WHERE motion = ?3 AND idx = ?4") \
	X(voted_get, "SELECT proof FROM voted WHERE motion = ? AND member = ?")                \
	X(voted_insert, "INSERT INTO voted(motion, member, proof) VALUES (?, ?, ?)")           \
	X(voted_open_in, "SELECT v.motion FROM voted v JOIN motions m ON m.id = v.motion"     \
	  " WHERE v.member = ?1 AND m.council = ?2 AND m.closed_at = 0 ORDER BY v.motion")     \
	X(voted_withdraw, "DELETE FROM voted WHERE motion = ? AND member = ?")                 \
	X(ballot_withdraw, "DELETE FROM ballots WHERE motion = ? AND member = ?")              \
	X(voted_count, "SELECT count(*) FROM voted WHERE motion = ?")                          \
	X(ballot_insert, "INSERT INTO ballots(motion, rhash, marks, member, cast_at)"          \
	  " VALUES (?, ?, ?, NULLIF(?, 0), ?)")                                                 \
	X(ballot_replace, "UPDATE ballots SET marks = ?1, cast_at = ?2 WHERE motion = ?3"      \
	  " AND rhash = ?4")                                                                   \
	X(ballot_replace_public, "UPDATE ballots SET marks = ?1, cast_at = ?2"                 \
	  " WHERE motion = ?3 AND member = ?4")                                                \
	X(ballot_by_receipt, "SELECT marks FROM ballots WHERE motion = ? AND rhash = ?")       \
	X(ballot_count, "SELECT count(*) FROM ballots WHERE motion = ?")                       \
	X(ballot_sorted, "SELECT marks, member FROM ballots WHERE motion = ?"                  \
	  " ORDER BY marks, member")                                                           \
	X(ballot_public, "SELECT b.motion, b.member, m.name, b.marks, b.cast_at FROM ballots b" \
	  " JOIN members m ON m.id = b.member JOIN motions mo ON mo.id = b.motion"             \
	  " WHERE mo.closed_at != 0 AND b.motion = ?1 AND b.member IS NOT NULL"                \
	  " AND (?2 = 0 OR b.member = ?2) ORDER BY b.motion, b.member")                        \
	X(ballot_public_by, "SELECT b.motion, b.member, m.name, b.marks, b.cast_at"            \
	  " FROM ballots b JOIN members m ON m.id = b.member JOIN motions mo ON mo.id = b.motion" \
	  " WHERE mo.closed_at != 0 AND b.member = ?1 ORDER BY b.motion, b.member")            \
	X(ballot_public_all, "SELECT b.motion, b.member, m.name, b.marks, b.cast_at"           \
	  " FROM ballots b JOIN members m ON m.id = b.member JOIN motions mo ON mo.id = b.motion" \
	  " WHERE mo.closed_at != 0 ORDER BY b.motion, b.member")                              \
	X(product_put, "INSERT INTO products(key, name, unit) VALUES (?, ?, ?)"                \
	  " ON CONFLICT(key) DO UPDATE SET name = excluded.name, unit = excluded.unit")        \
	X(product_exists, "SELECT 1 FROM products WHERE key = ?")                              \
	X(product_list, "SELECT key, name, unit FROM products ORDER BY key")                   \
	X(need_put, "INSERT INTO needs(member, council, product, quantity, priority)"          \
	  " VALUES (?, ?, ?, ?, ?) ON CONFLICT(council, member, product) DO UPDATE SET"        \
	  " quantity = excluded.quantity, priority = excluded.priority")                       \
	X(need_delete, "DELETE FROM needs WHERE member = ? AND council = ? AND product = ?")   \
	X(need_list, "SELECT n.member, n.council, n.product, p.name, p.unit, n.quantity,"      \
	  " n.priority FROM needs n JOIN products p ON p.key = n.product WHERE n.member = ?1"  \
	  " AND (?2 = 0 OR n.council = ?2) ORDER BY n.council, n.product")                     \
	X(need_totals, "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM councils c" \
	  " JOIN sub ON c.parent = sub.id) SELECT n.product, p.name, p.unit, sum(n.quantity),"  \
	  " sum(n.quantity * n.priority) / sum(n.quantity), count(DISTINCT n.member)"          \
	  " FROM needs n JOIN products p ON p.key = n.product WHERE n.council IN"               \
	  " (SELECT id FROM sub) GROUP BY n.product ORDER BY n.product")                       \
	X(ability_put, "INSERT INTO abilities(member, council, hours, skills) VALUES (?, ?, ?, ?)" \
	  " ON CONFLICT(council, member) DO UPDATE SET hours = excluded.hours,"                \
	  " skills = excluded.skills")                                                         \
	X(ability_delete, "DELETE FROM abilities WHERE member = ? AND council = ?")            \
	X(ability_elsewhere, "SELECT COALESCE(sum(hours), 0) FROM abilities WHERE member = ?"  \
	  " AND council != ?")                                                                 \
	X(ability_list, "SELECT member, council, hours, skills FROM abilities WHERE member = ?" \
	  " ORDER BY council")                                                                 \
	X(hours_total, "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM councils c" \
	  " JOIN sub ON c.parent = sub.id) SELECT COALESCE(sum(hours), 0),"                    \
	  " count(DISTINCT member) FROM abilities WHERE council IN (SELECT id FROM sub)")      \
	X(totals_version, "SELECT value FROM totals_version WHERE id = 1")                     \
	X(link_put, "INSERT OR IGNORE INTO workplace_links(council, economy, technique)"       \
	  " VALUES (?, ?, ?)")                                                                  \
	X(link_exists, "SELECT 1 FROM workplace_links WHERE council = ? AND technique = ?"    \
	  " LIMIT 1")                                                                          \
	X(link_list, "SELECT council, economy, technique FROM workplace_links"                 \
	  " WHERE ?1 = 0 OR council = ?1 ORDER BY council, economy, technique")                \
	X(plan_exists, "SELECT motion FROM plans WHERE motion = ?")                            \
	X(plan_latest, "SELECT motion FROM plans WHERE superseded_by IS NULL"                  \
	  " ORDER BY stored_at DESC, motion DESC LIMIT 1")                                      \
	X(plan_in_force, "SELECT p.motion FROM plans p JOIN motions m ON m.id = p.motion"      \
	  " WHERE p.period = ?1 AND m.council = ?2 AND p.superseded_by IS NULL"                \
	  " AND p.motion != ?3 LIMIT 1")                                                       \
	X(plan_supersede, "UPDATE plans SET superseded_by = ?2 WHERE motion = ?1")             \
	X(plan_superseded_by, "SELECT COALESCE(superseded_by, 0) FROM plans WHERE motion = ?") \
	X(target_workplaces, "SELECT DISTINCT council FROM targets WHERE motion = ?"           \
	  " ORDER BY council")                                                                 \
	X(plan_insert, "INSERT INTO plans(motion, period, summary, option, stored_at)"         \
	  " VALUES (?, ?, ?, ?, ?)")                                                            \
	X(target_insert, "INSERT INTO targets(motion, council, technique, product, quantity)"  \
	  " VALUES (?, ?, ?, ?, ?)")                                                            \
	X(target_list, "SELECT council, technique, product, quantity FROM targets"             \
	  " WHERE motion = ?1 AND (?2 = 0 OR council = ?2) ORDER BY council, technique")       \
	X(proposal_insert, "INSERT INTO proposals(motion, option, period, summary)"           \
	  " VALUES (?, ?, ?, ?)")                                                               \
	X(proposed_target_insert, "INSERT INTO proposed_targets(motion, option, council,"      \
	  " technique, product, quantity) VALUES (?, ?, ?, ?, ?, ?)")                           \
	X(proposal_get, "SELECT period, summary FROM proposals WHERE motion = ? AND option = ?") \
	X(proposal_list, "SELECT p.option, p.period, p.summary, COALESCE(t.council, 0),"       \
	  " COALESCE(t.technique, ''), COALESCE(t.product, ''), COALESCE(t.quantity, 0)"        \
	  " FROM proposals p LEFT JOIN proposed_targets t ON t.motion = p.motion"              \
	  " AND t.option = p.option WHERE p.motion = ?1 AND (?2 < 0 OR p.option = ?2)"         \
	  " ORDER BY p.option, t.council, t.technique")                                        \
	X(targets_adopt, "INSERT INTO targets(motion, council, technique, product, quantity)"  \
	  " SELECT motion, council, technique, product, quantity FROM proposed_targets"        \
	  " WHERE motion = ?1 AND option = ?2 AND council IN (WITH RECURSIVE sub(id) AS"       \
	  " (SELECT ?3 UNION SELECT c.id FROM councils c JOIN sub ON c.parent = sub.id)"       \
	  " SELECT id FROM sub)")                                                               \
	X(proposed_count, "SELECT count(*) FROM proposed_targets WHERE motion = ? AND option = ?") \
	X(target_count, "SELECT count(*) FROM targets WHERE motion = ?")                       \
	X(report_put, "INSERT INTO reports(council, period, technique, quantity, reported_at)" \
	  " VALUES (?, ?, ?, ?, ?) ON CONFLICT(council, period, technique) DO UPDATE SET"      \
	  " quantity = excluded.quantity, reported_at = excluded.reported_at")                 \
	X(fulfilment, "SELECT t.council, p.period, t.technique, t.product, t.quantity,"        \
	  " COALESCE(r.quantity, 0) FROM targets t JOIN plans p ON p.motion = t.motion"        \
	  " LEFT JOIN reports r ON r.council = t.council AND r.period = p.period"              \
	  " AND r.technique = t.technique WHERE t.motion = ? ORDER BY t.council, t.technique")

#endif
