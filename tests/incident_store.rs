//! The incidents schema: migration 0008 on a database from before it (handover
//! acknowledgements and accepted carry-over lists survive the rebuild of their tables,
//! their triggers still guard a locked record, the new carry-over kinds are stored),
//! and the incident and phone-log lists read through their indexes.

use dutydesk::store::Store;
use dutydesk::store::migrations::{STEPS, latest};
use rusqlite::{Connection, params};

#[test]
fn handover_rows_survive_and_stay_guarded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let step = STEPS
        .iter()
        .position(|s| s.contains("CREATE TABLE incidents"))
        .expect("the incidents step");
    {
        let mut c = Connection::open(&db).unwrap();
        c.pragma_update(None, "application_id", dutydesk::store::APPLICATION_ID)
            .unwrap();
        let tx = c.transaction().unwrap();
        for s in &STEPS[..step] {
            tx.execute_batch(s).unwrap();
        }
        tx.pragma_update(None, "user_version", step as i64).unwrap();
        for (id, locked) in [(1, None), (2, Some(5_i64))] {
            tx.execute(
                "INSERT INTO handovers (id, shift_date, shift_name, shift_start, shift_end, next_date,
                     next_name, opened_at, opened_by, leader_by, leader_at)
                 VALUES (?1, '2026-11-28', ?2, 0, 1, '2026-11-28', '夜班', 0, 'zhao', ?3, ?4)",
                params![id, format!("班{id}"), locked.map(|_| "li"), locked],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT INTO handover_acks (handover_id, kind, ref_id, by, at) VALUES (1, 'flag', '7', 'qian', 3)",
            [],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO handover_carry (handover_id, position, kind, ref_id, summary, acked_by, acked_at)
             VALUES (2, 0, 'note', '4', '西门体温计电池低', 'qian', 4)",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest());
    let c = store.conn();
    let ack: (String, String, String) = c
        .query_row("SELECT kind, ref_id, by FROM handover_acks", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(ack, ("flag".into(), "7".into(), "qian".into()));
    let summary: String = c
        .query_row("SELECT summary FROM handover_carry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(summary, "西门体温计电池低");
    // The new kinds are accepted; a locked record still takes no acknowledgement and the
    // accepted list still does not change.
    c.execute(
        "INSERT INTO handover_acks (handover_id, kind, ref_id, by, at) VALUES (1, 'directive', '3:zhao', 'qian', 9)",
        [],
    )
    .unwrap();
    assert!(
        c.execute(
            "INSERT INTO handover_acks (handover_id, kind, ref_id, by, at) VALUES (2, 'incident', '1', 'qian', 9)",
            [],
        )
        .is_err()
    );
    assert!(
        c.execute(
            "INSERT INTO handover_acks (handover_id, kind, ref_id, by, at) VALUES (1, 'Bad Kind', '1', 'qian', 9)",
            [],
        )
        .is_err()
    );
    assert!(c.execute("DELETE FROM handover_carry", []).is_err());
    assert!(
        c.execute("UPDATE handover_carry SET summary = 'x'", [])
            .is_err()
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn the_open_incidents_and_a_shifts_calls_are_read_through_their_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("d.db")).unwrap();
    let c = store.conn();
    // A long history: many closed incidents and calls, so the planner has a choice.
    let tx = c.unchecked_transaction().unwrap();
    for i in 0..2000_i64 {
        tx.execute(
            "INSERT INTO incidents (kind, kind_label, kind_label_en, level, level_en, title, status,
                 opened_at, opened_by, recorded_at, first_report_due, progress_every_hours,
                 report_to, plan_label, plan_label_en, closed_at, closed_by, summary)
             VALUES ('other', '其他', 'Other', '一般', 'Ordinary', 't', 'closed', ?1, 'z', ?1, ?1,
                 24, '[]', 'p', 'p', ?1, 'z', 's')",
            [i * 60_000],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO call_log (at, from_whom, summary, by) VALUES (?1, 'a', 'b', 'z')",
            [i * 60_000],
        )
        .unwrap();
    }
    tx.execute_batch("ANALYZE").unwrap();
    tx.commit().unwrap();
    let plans = dutydesk::store::incidents::list_plans(c).unwrap();
    assert!(
        plans.iter().any(|p| p.contains("incidents_open")),
        "{plans:?}"
    );
    assert!(
        plans.iter().any(|p| p.contains("incidents_opened")),
        "{plans:?}"
    );
    assert!(
        !plans.iter().any(|p| p.contains("TEMP B-TREE")),
        "{plans:?}"
    );
    let calls = dutydesk::store::calllog::between_plan(c).unwrap();
    assert!(calls.iter().any(|p| p.contains("call_log_at")), "{calls:?}");
    assert!(!calls.iter().any(|p| p.starts_with("SCAN")), "{calls:?}");
}
