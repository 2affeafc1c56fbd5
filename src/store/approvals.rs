//! Leave and visitor requests, and return records. Every list is an index range with a
//! LIMIT or a naturally small set (pending requests, leaves still out, returns still
//! monitored), so a year of requests costs what a week does.

use crate::clock::from_ms;
use crate::domain::approval::{Request, RequestKind, RequestStatus, ReturnRecord, Subject};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

/// What a new request stores. `status` starts `pending`.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    pub leave: Option<NewLeave>,
    pub visitor: Option<NewVisitor>,
    pub reason: String,
    pub window_from_ms: i64,
    pub window_to_ms: i64,
    pub requested_by: String,
    pub requested_at_ms: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewLeave {
    pub person_id: String,
    pub destination: String,
    pub transport: Option<String>,
    pub urgent: bool,
}

#[derive(Debug, Clone, Default)]
pub struct NewVisitor {
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub host_id: String,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFilter {
    /// Only requests still pending and not expired, oldest first. Otherwise every
    /// request, newest first.
    pub pending_only: bool,
    pub kind: Option<RequestKind>,
    /// Only this person's leave requests.
    pub person_id: Option<String>,
    /// Keyset paging of the newest-first list: only ids below this one.
    pub before_id: Option<i64>,
    pub limit: usize,
}

/// The numbers on the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApprovalCounts {
    /// Pending and not expired.
    pub pending: i64,
    /// Approved leaves whose return time has passed with no entry back.
    pub overdue_returns: i64,
    /// Approved leaves under way (departed, return time not yet reached).
    pub away: i64,
    /// Returns still under health monitoring.
    pub monitoring: i64,
}

macro_rules! select_requests {
    () => {
        "SELECT a.id, a.kind, a.status, a.person_id, COALESCE(p.name, ''), a.destination,
                a.transport, a.urgent, a.visitor_name, a.visitor_resident_id, a.visitor_phone,
                a.host_id, COALESCE(h.name, ''), a.reason, a.window_from, a.window_to,
                a.requested_by, a.requested_at, a.decided_by, a.decided_at, a.note, a.returned_at
         FROM approvals a
         LEFT JOIN people p ON p.id = a.person_id
         LEFT JOIN people h ON h.id = a.host_id"
    };
}

fn from_row(r: &Row) -> rusqlite::Result<Request> {
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    let subject = match RequestKind::parse(&kind) {
        Some(RequestKind::Visitor) => Subject::Visitor {
            name: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            resident_id: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            phone: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            host_id: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            host_name: r.get(12)?,
        },
        _ => Subject::Leave {
            person_id: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            person_name: r.get(4)?,
            destination: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            transport: r.get(6)?,
            urgent: r.get(7)?,
        },
    };
    Ok(Request {
        id: r.get(0)?,
        status: RequestStatus::parse(&status).unwrap_or(RequestStatus::Pending),
        subject,
        reason: r.get(13)?,
        window_from: from_ms(r.get(14)?),
        window_to: from_ms(r.get(15)?),
        requested_by: r.get(16)?,
        requested_at: from_ms(r.get(17)?),
        decided_by: r.get(18)?,
        decided_at: r.get::<_, Option<i64>>(19)?.map(from_ms),
        note: r.get(20)?,
        returned_at: r.get::<_, Option<i64>>(21)?.map(from_ms),
    })
}

pub fn insert(conn: &Connection, n: &NewRequest) -> rusqlite::Result<i64> {
    let kind = if n.visitor.is_some() {
        RequestKind::Visitor
    } else {
        RequestKind::Leave
    };
    let l = n.leave.as_ref();
    let v = n.visitor.as_ref();
    conn.prepare_cached(
        "INSERT INTO approvals (kind, person_id, destination, transport, urgent, visitor_name,
                                visitor_resident_id, visitor_phone, host_id, reason, window_from,
                                window_to, requested_by, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        kind.as_str(),
        l.map(|l| &l.person_id),
        l.map(|l| &l.destination),
        l.and_then(|l| l.transport.as_ref()),
        l.is_some_and(|l| l.urgent),
        v.map(|v| &v.name),
        v.map(|v| &v.resident_id),
        v.map(|v| &v.phone),
        v.map(|v| &v.host_id),
        n.reason,
        n.window_from_ms,
        n.window_to_ms,
        n.requested_by,
        n.requested_at_ms,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// As stored (status not yet resolved against the clock).
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Request>> {
    conn.prepare_cached(concat!(select_requests!(), " WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Lists requests (see [`RequestFilter`]). The WHERE clause is assembled from fixed
/// fragments; every value is a bound parameter.
pub fn list(conn: &Connection, f: &RequestFilter, now_ms: i64) -> rusqlite::Result<Vec<Request>> {
    let mut sql = String::from(select_requests!());
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    if f.pending_only {
        // Literal condition, so the partial index applies.
        clauses.push("a.status = 'pending'");
        clauses.push("a.window_to > ?");
        values.push(Box::new(now_ms));
    }
    if let Some(k) = f.kind {
        clauses.push("a.kind = ?");
        values.push(Box::new(k.as_str()));
    }
    if let Some(p) = &f.person_id {
        clauses.push("a.person_id = ?");
        values.push(Box::new(p.clone()));
    }
    if let Some(id) = f.before_id {
        clauses.push("a.id < ?");
        values.push(Box::new(id));
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(if f.pending_only {
        " ORDER BY a.requested_at, a.id LIMIT ?"
    } else {
        " ORDER BY a.id DESC LIMIT ?"
    });
    values.push(Box::new(f.limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), from_row)?;
    rows.collect()
}

/// Moves a request from `from` to `to`, recording who, when and the note. Returns false
/// when the stored status was no longer `from` (someone else decided first).
pub fn set_status(
    conn: &Connection,
    id: i64,
    from: RequestStatus,
    to: RequestStatus,
    by: &str,
    at_ms: i64,
    note: Option<&str>,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE approvals SET status = ?1, decided_by = ?2, decided_at = ?3, note = ?4
             WHERE id = ?5 AND status = ?6",
        )?
        .execute(params![to.as_str(), by, at_ms, note, id, from.as_str()])?;
    Ok(n == 1)
}

/// The approved visitor request for this resident ID covering `now_ms`; with several,
/// the one that lasts longest.
pub fn covering_visitor(
    conn: &Connection,
    resident_id: &str,
    now_ms: i64,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT id FROM approvals
         WHERE kind = 'visitor' AND visitor_resident_id = ?1 AND window_from <= ?2
           AND status = 'approved' AND window_to > ?2
         ORDER BY window_to DESC, id DESC LIMIT 1",
    )?
    .query_row(params![resident_id, now_ms], |r| r.get(0))
    .optional()
}

/// The person's approved leaves not yet ended by a return, earliest departure first.
pub fn unreturned_leaves(conn: &Connection, person_id: &str) -> rusqlite::Result<Vec<Request>> {
    let mut stmt = conn.prepare_cached(concat!(
        select_requests!(),
        " WHERE a.person_id = ?1 AND a.kind = 'leave' AND a.status = 'approved'
            AND a.returned_at IS NULL
          ORDER BY a.window_from, a.id LIMIT 20"
    ))?;
    let rows = stmt.query_map([person_id], from_row)?;
    rows.collect()
}

/// A pending (not expired) or approved, unreturned leave of the person whose window
/// overlaps `[from, to)`.
pub fn overlapping_leave(
    conn: &Connection,
    person_id: &str,
    from_ms: i64,
    to_ms: i64,
    now_ms: i64,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT id FROM approvals
         WHERE person_id = ?1 AND kind = 'leave' AND window_from < ?3 AND window_to > ?2
           AND returned_at IS NULL
           AND (status = 'approved' OR (status = 'pending' AND window_to > ?4))
         ORDER BY window_from LIMIT 1",
    )?
    .query_row(params![person_id, from_ms, to_ms, now_ms], |r| r.get(0))
    .optional()
}

/// Approved leaves not yet ended by a return that have begun by `now_ms` (away or
/// overdue); with `overdue_only`, those whose return time has passed. Most overdue first.
pub fn leaves_out(
    conn: &Connection,
    now_ms: i64,
    overdue_only: bool,
) -> rusqlite::Result<Vec<Request>> {
    let sql = if overdue_only {
        concat!(
            select_requests!(),
            " WHERE a.kind = 'leave' AND a.status = 'approved' AND a.returned_at IS NULL
                AND a.window_to <= ?1 AND a.window_from <= ?1
              ORDER BY a.window_to, a.id"
        )
    } else {
        concat!(
            select_requests!(),
            " WHERE a.kind = 'leave' AND a.status = 'approved' AND a.returned_at IS NULL
                AND a.window_from <= ?1
              ORDER BY a.window_to, a.id"
        )
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([now_ms], from_row)?;
    rows.collect()
}

/// Marks a leave as ended by a return.
pub fn mark_returned(conn: &Connection, approval_id: i64, at_ms: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE approvals SET returned_at = ?1 WHERE id = ?2")?
        .execute(params![at_ms, approval_id])?;
    Ok(())
}

/// Ids of the gate entries made under this approval, newest first.
pub fn entry_ids(conn: &Connection, approval_id: i64, limit: usize) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM entries WHERE approval_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![approval_id, limit as i64], |r| r.get(0))?;
    rows.collect()
}

/// What a new return record stores.
#[derive(Debug, Clone)]
pub struct NewReturn {
    pub approval_id: i64,
    pub person_id: String,
    pub entry_id: i64,
    pub returned_at_ms: i64,
    pub report_due_ms: i64,
    pub monitoring_until_ms: i64,
    pub opened_by: String,
}

pub fn insert_return(conn: &Connection, n: &NewReturn) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO returns (approval_id, person_id, entry_id, returned_at, report_due,
                              monitoring_until, opened_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        n.approval_id,
        n.person_id,
        n.entry_id,
        n.returned_at_ms,
        n.report_due_ms,
        n.monitoring_until_ms,
        n.opened_by,
    ])?;
    Ok(conn.last_insert_rowid())
}

macro_rules! select_returns {
    () => {
        "SELECT r.id, r.approval_id, r.person_id, COALESCE(p.name, ''), r.entry_id,
                r.returned_at, r.report_due, r.monitoring_until
         FROM returns r
         LEFT JOIN people p ON p.id = r.person_id"
    };
}

fn return_from_row(r: &Row) -> rusqlite::Result<ReturnRecord> {
    Ok(ReturnRecord {
        id: r.get(0)?,
        approval_id: r.get(1)?,
        person_id: r.get(2)?,
        person_name: r.get(3)?,
        entry_id: r.get(4)?,
        returned_at: from_ms(r.get(5)?),
        report_due: from_ms(r.get(6)?),
        monitoring_until: from_ms(r.get(7)?),
    })
}

/// The return record of a leave, if the person is back.
pub fn return_for(conn: &Connection, approval_id: i64) -> rusqlite::Result<Option<ReturnRecord>> {
    conn.prepare_cached(concat!(select_returns!(), " WHERE r.approval_id = ?1"))?
        .query_row([approval_id], return_from_row)
        .optional()
}

/// The person's latest return whose monitoring is still running at `now_ms`.
pub fn open_return_of(
    conn: &Connection,
    person_id: &str,
    now_ms: i64,
) -> rusqlite::Result<Option<ReturnRecord>> {
    conn.prepare_cached(concat!(
        select_returns!(),
        " WHERE r.person_id = ?1 AND r.monitoring_until > ?2
          ORDER BY r.returned_at DESC LIMIT 1"
    ))?
    .query_row(params![person_id, now_ms], return_from_row)
    .optional()
}

/// Returns still under monitoring at `now_ms`, earliest return first.
pub fn monitoring(conn: &Connection, now_ms: i64) -> rusqlite::Result<Vec<ReturnRecord>> {
    let mut stmt = conn.prepare_cached(concat!(
        select_returns!(),
        " WHERE r.monitoring_until > ?1 ORDER BY r.returned_at, r.id"
    ))?;
    let rows = stmt.query_map([now_ms], return_from_row)?;
    rows.collect()
}

/// The dashboard's numbers at `now_ms`.
pub fn counts(conn: &Connection, now_ms: i64) -> rusqlite::Result<ApprovalCounts> {
    let pending = conn
        .prepare_cached(
            "SELECT count(*) FROM approvals WHERE status = 'pending' AND window_to > ?1",
        )?
        .query_row([now_ms], |r| r.get(0))?;
    let (overdue_returns, away) = conn
        .prepare_cached(
            "SELECT COALESCE(sum(window_to <= ?1), 0), COALESCE(sum(window_to > ?1), 0)
             FROM approvals
             WHERE kind = 'leave' AND status = 'approved' AND returned_at IS NULL
               AND window_from <= ?1",
        )?
        .query_row([now_ms], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let monitoring = conn
        .prepare_cached("SELECT count(*) FROM returns WHERE monitoring_until > ?1")?
        .query_row([now_ms], |r| r.get(0))?;
    Ok(ApprovalCounts {
        pending,
        overdue_returns,
        away,
        monitoring,
    })
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM approvals", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonKind;
    use crate::domain::person::Person;
    use crate::store::Store;

    const H: i64 = 3_600_000;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        for (id, name) in [("T001", "李老师"), ("S001", "王小明")] {
            let p = Person {
                id: id.into(),
                name: name.into(),
                kind: PersonKind::Staff,
                department: "信息工程系".into(),
                class: None,
                resident_id: None,
                phone: None,
            };
            crate::store::people::upsert(store.conn(), &p, 0).unwrap();
        }
        (dir, store)
    }

    fn leave(person: &str, from: i64, to: i64) -> NewRequest {
        NewRequest {
            leave: Some(NewLeave {
                person_id: person.into(),
                destination: "成都".into(),
                transport: None,
                urgent: false,
            }),
            reason: "会议".into(),
            window_from_ms: from,
            window_to_ms: to,
            requested_by: "zhao".into(),
            requested_at_ms: 0,
            ..NewRequest::default()
        }
    }

    fn visitor(rid: &str, from: i64, to: i64) -> NewRequest {
        NewRequest {
            visitor: Some(NewVisitor {
                name: "张三".into(),
                resident_id: rid.into(),
                phone: "13812345678".into(),
                host_id: "T001".into(),
            }),
            reason: "送货".into(),
            window_from_ms: from,
            window_to_ms: to,
            requested_by: "zhao".into(),
            requested_at_ms: 0,
            ..NewRequest::default()
        }
    }

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn round_trips_both_kinds_with_names_joined() {
        let (_d, s) = store();
        let c = s.conn();
        let l = insert(c, &leave("S001", 10 * H, 20 * H)).unwrap();
        let v = insert(c, &visitor("11010519491231002X", 0, 2 * H)).unwrap();
        let l = get(c, l).unwrap().unwrap();
        assert_eq!(l.kind(), RequestKind::Leave);
        assert_eq!(l.who(), "王小明");
        assert_eq!(l.status, RequestStatus::Pending);
        let v = get(c, v).unwrap().unwrap();
        match v.subject {
            Subject::Visitor { host_name, .. } => assert_eq!(host_name, "李老师"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_status_change_is_guarded_by_the_status_read() {
        let (_d, s) = store();
        let c = s.conn();
        let id = insert(c, &leave("S001", 10 * H, 20 * H)).unwrap();
        use RequestStatus::*;
        assert!(set_status(c, id, Pending, Approved, "li", H, None).unwrap());
        // A second desk that read "pending" earlier changes nothing.
        assert!(!set_status(c, id, Pending, Rejected, "wu", H, Some("no")).unwrap());
        assert_eq!(get(c, id).unwrap().unwrap().status, Approved);
    }

    #[test]
    fn the_schema_refuses_inconsistent_rows() {
        let (_d, s) = store();
        let c = s.conn();
        // A leave for someone not in the roster.
        assert!(insert(c, &leave("NOBODY", 10 * H, 20 * H)).is_err());
        // An empty window.
        assert!(insert(c, &leave("S001", 10 * H, 10 * H)).is_err());
        // A decided status with no decider.
        let id = insert(c, &leave("S001", 10 * H, 20 * H)).unwrap();
        assert!(
            c.execute(
                "UPDATE approvals SET status = 'approved' WHERE id = ?1",
                [id]
            )
            .is_err()
        );
    }

    #[test]
    fn finds_the_visitor_approval_covering_now_only() {
        let (_d, s) = store();
        let c = s.conn();
        let rid = "11010519491231002X";
        let id = insert(c, &visitor(rid, 10 * H, 12 * H)).unwrap();
        assert_eq!(covering_visitor(c, rid, 11 * H).unwrap(), None, "pending");
        set_status(
            c,
            id,
            RequestStatus::Pending,
            RequestStatus::Approved,
            "li",
            H,
            None,
        )
        .unwrap();
        assert_eq!(covering_visitor(c, rid, 9 * H).unwrap(), None);
        assert_eq!(covering_visitor(c, rid, 10 * H).unwrap(), Some(id));
        assert_eq!(covering_visitor(c, rid, 12 * H - 1).unwrap(), Some(id));
        assert_eq!(covering_visitor(c, rid, 12 * H).unwrap(), None);
        assert_eq!(
            covering_visitor(c, "110101199003074477", 11 * H).unwrap(),
            None
        );
    }

    #[test]
    fn counts_and_lists_leaves_out_and_returns() {
        let (_d, s) = store();
        let c = s.conn();
        use RequestStatus::*;
        let away = insert(c, &leave("S001", 10 * H, 30 * H)).unwrap();
        let overdue = insert(c, &leave("T001", 5 * H, 8 * H)).unwrap();
        let upcoming = insert(c, &leave("T001", 40 * H, 50 * H)).unwrap();
        for id in [away, overdue, upcoming] {
            set_status(c, id, Pending, Approved, "li", H, None).unwrap();
        }
        insert(c, &visitor("11010519491231002X", 0, 100 * H)).unwrap();
        let now = 20 * H;
        let out: Vec<i64> = leaves_out(c, now, false)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(out, vec![overdue, away]);
        let late: Vec<i64> = leaves_out(c, now, true)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(late, vec![overdue]);
        let counts = counts(c, now).unwrap();
        assert_eq!(
            counts,
            ApprovalCounts {
                pending: 1,
                overdue_returns: 1,
                away: 1,
                monitoring: 0
            }
        );
        // The overdue person comes back.
        let entry = c
            .execute(
                "INSERT INTO entries (at, gate, direction, person_id, temp, venue_scan, denied, flagged, threshold, operator)
                 VALUES (?1, '东门', 'in', 'T001', 365, 1, 0, 0, 373, 'wang')",
                [now],
            )
            .map(|_| c.last_insert_rowid())
            .unwrap();
        mark_returned(c, overdue, now).unwrap();
        insert_return(
            c,
            &NewReturn {
                approval_id: overdue,
                person_id: "T001".into(),
                entry_id: entry,
                returned_at_ms: now,
                report_due_ms: now + 24 * H,
                monitoring_until_ms: now + 14 * 24 * H,
                opened_by: "wang".into(),
            },
        )
        .unwrap();
        assert!(leaves_out(c, now, true).unwrap().is_empty());
        assert_eq!(monitoring(c, now).unwrap().len(), 1);
        assert_eq!(
            open_return_of(c, "T001", now).unwrap().unwrap().approval_id,
            overdue
        );
        assert_eq!(open_return_of(c, "T001", now + 14 * 24 * H).unwrap(), None);
        let u: Vec<i64> = unreturned_leaves(c, "T001")
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(u, vec![upcoming]);
    }

    #[test]
    fn the_lists_use_their_indexes() {
        let (_d, s) = store();
        let c = s.conn();
        let pending = plan(
            c,
            "SELECT id FROM approvals a WHERE a.status = 'pending' AND a.window_to > 5 ORDER BY a.requested_at, a.id LIMIT 10",
        );
        assert!(pending.contains("approvals_pending"), "{pending}");
        let gate = plan(
            c,
            "SELECT id FROM approvals WHERE kind = 'visitor' AND visitor_resident_id = 'x' AND window_from <= 5
               AND status = 'approved' AND window_to > 5 ORDER BY window_to DESC, id DESC LIMIT 1",
        );
        assert!(gate.contains("approvals_visitor"), "{gate}");
        let out = plan(
            c,
            "SELECT id FROM approvals a WHERE a.kind = 'leave' AND a.status = 'approved' AND a.returned_at IS NULL
               AND a.window_from <= 5 ORDER BY a.window_to, a.id",
        );
        assert!(out.contains("approvals_leave_out"), "{out}");
        let person = plan(
            c,
            "SELECT id FROM approvals a WHERE a.person_id = 'S001' AND a.kind = 'leave' AND a.status = 'approved'
               AND a.returned_at IS NULL ORDER BY a.window_from, a.id LIMIT 20",
        );
        assert!(
            person.contains("approvals_person") || person.contains("approvals_leave_out"),
            "{person}"
        );
    }
}
