//! A test desk: a temporary database with a small roster (Chinese names, one long
//! one, one with a middle dot) and a morning of gate entries, a fixed clock, and a
//! harness that feeds messages to `update` and runs the resulting jobs at once.

use super::load::Job;
use super::msg::{Effect, Msg};
use super::providers::Providers;
use super::state::{Init, Look, Operator, State};
use super::{Key, KeyCode};
use crate::clock::{Clock, FixedClock};
use crate::config::{Config, UserConfig};
use crate::domain::Role;
use crate::domain::resident_id::check_char;
use crate::i18n::Lang;
use crate::notify::{Alert, Channels, Notifier, RecordingNotifier};
use crate::service::entries::{EntryInput, VisitorInput};
use crate::service::{Actor, Desk};
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

/// 2026-11-29 08:00 in Shanghai.
pub fn morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap()
}

/// A valid resident ID from 17 digits.
pub fn resident_id(first17: &str) -> String {
    format!("{first17}{}", check_char(first17))
}

pub fn config() -> Config {
    let mut c = Config::default();
    c.site.timezone = Some("Asia/Shanghai".into());
    let mut users = BTreeMap::new();
    for (login, name, role) in [
        ("zhao", "赵敏", Role::Officer),
        ("li", "李玉德", Role::Leader),
        ("wu", "吴刚", Role::Guard),
        ("du", "杜督查", Role::Supervisor),
        ("root", "管理员", Role::Admin),
    ] {
        users.insert(
            login.to_string(),
            UserConfig {
                name: name.to_string(),
                role,
            },
        );
    }
    c.users = Some(users);
    c
}

pub fn login_of(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Officer => ("zhao", "赵敏"),
        Role::Leader => ("li", "李玉德"),
        Role::Guard => ("wu", "吴刚"),
        Role::Supervisor => ("du", "杜督查"),
        Role::Admin => ("root", "管理员"),
    }
}

pub fn roster_csv() -> String {
    let rows = [
        (
            "2023010101",
            "王小明",
            "学生",
            "信息工程系",
            "软件2301",
            "51040220050101123",
            "13812345678",
        ),
        (
            "2023010102",
            "李雪",
            "学生",
            "信息工程系",
            "软件2301",
            "51040220050202234",
            "13987654321",
        ),
        (
            "2023020201",
            "欧阳娜娜娜",
            "学生",
            "护理系",
            "护理2302",
            "51040220040303345",
            "15012345678",
        ),
        (
            "T0001",
            "张建国",
            "教职工",
            "保卫处",
            "",
            "51040219800404456",
            "0812-3334455",
        ),
        (
            "2023030301",
            "阿卜杜热合曼·买买提江",
            "学生",
            "机电工程系",
            "机电2303",
            "65010220050505567",
            "18612345678",
        ),
    ];
    let mut out = String::from("学号,姓名,类别,部门,班级,身份证号,电话\n");
    for (id, name, kind, dept, class, rid, phone) in rows {
        out.push_str(&format!(
            "{id},{name},{kind},{dept},{class},{},{phone}\n",
            resident_id(rid)
        ));
    }
    out
}

/// Opens a desk on the database as the given role.
pub fn desk_at(path: &std::path::Path, role: Role, clock: Arc<FixedClock>) -> Desk {
    let (login, name) = login_of(role);
    let store = Store::open(path).expect("open test database");
    Desk::new(
        store,
        Arc::new(config()),
        Actor {
            login: login.into(),
            name: name.into(),
            role,
        },
        clock,
    )
    .expect("the test desk's zone")
}

pub fn person_entry(
    gate: &str,
    dir: &str,
    person: &str,
    temp: &str,
    code: &str,
    scan: bool,
) -> EntryInput {
    EntryInput {
        gate: gate.into(),
        direction: dir.into(),
        temp: temp.into(),
        code: Some(code.into()),
        venue_scan: scan,
        person_id: Some(person.into()),
        visitor: None,
    }
}

/// Fills a database with the roster and a morning of entries (07:31–07:55).
pub fn seed(path: &std::path::Path, clock: &Arc<FixedClock>) {
    let mut admin = desk_at(path, Role::Admin, Arc::clone(clock));
    admin
        .import_people(roster_csv().as_bytes())
        .expect("import roster");
    let at = |h, m| Utc.with_ymd_and_hms(2026, 11, 28, h, m, 0).unwrap();
    let visitor = EntryInput {
        gate: "东门".into(),
        direction: "in".into(),
        temp: "36.6".into(),
        code: Some("green".into()),
        venue_scan: true,
        person_id: None,
        visitor: Some(VisitorInput {
            name: "赵四".into(),
            resident_id: resident_id("11010519491231002"),
            phone: "13700001111".into(),
            reason: "送货".into(),
            host: Some("T0001".into()),
        }),
    };
    let entries = [
        (
            at(23, 31),
            person_entry("东门", "in", "2023010101", "36.5", "green", true),
        ),
        (
            at(23, 32),
            person_entry("东门", "in", "2023010102", "37.6", "green", true),
        ),
        (
            at(23, 40),
            person_entry("西门", "in", "2023020201", "36.8", "red", true),
        ),
        (
            at(23, 45),
            person_entry("北门", "out", "T0001", "36.4", "green", true),
        ),
        (at(23, 50), visitor),
        (
            at(23, 55),
            person_entry("西门", "in", "2023030301", "36.9", "green", false),
        ),
    ];
    for (t, input) in entries {
        clock.set(t);
        admin.register_entry(&input).expect("seed entry");
    }
    clock.set(morning());
}

/// The harness: a state, its desk, and what the effects did.
pub struct Harness {
    pub clock: Arc<FixedClock>,
    pub desk: Desk,
    pub state: State,
    pub providers: Providers,
    pub alerts: Vec<(Alert, Channels)>,
    /// The alerts again, as a notifier received them.
    pub notifier: Arc<RecordingNotifier>,
    pub quit: bool,
    /// While true, registrations are held instead of run: the database worker is
    /// busy and answers late (`answer_held` runs them).
    pub hold_writes: bool,
    pub held: std::collections::VecDeque<Job>,
    /// Last, so the database closes before its directory goes.
    pub dir: tempfile::TempDir,
}

impl Harness {
    /// A seeded desk, first screen loaded.
    pub fn new(role: Role, lang: Lang) -> Harness {
        Self::build(role, lang, true)
    }

    /// An empty database (no roster, no entries).
    pub fn empty(role: Role, lang: Lang) -> Harness {
        Self::build(role, lang, false)
    }

    fn build(role: Role, lang: Lang, seeded: bool) -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        let clock = Arc::new(FixedClock::new(morning()));
        if seeded {
            seed(&path, &clock);
        }
        let desk = desk_at(&path, role, Arc::clone(&clock));
        let (login, name) = login_of(role);
        let init = Init::from_config(
            &config(),
            desk.zone,
            Operator {
                login: login.into(),
                name: name.into(),
                role,
            },
            lang,
            clock.now(),
            Look {
                color: true,
                ascii: false,
                wide: false,
                light: false,
            },
        );
        let mut h = Harness {
            dir,
            clock,
            desk,
            state: State::new(init),
            providers: Providers::standard(),
            alerts: Vec::new(),
            notifier: Arc::new(RecordingNotifier::new()),
            quit: false,
            hold_writes: false,
            held: Default::default(),
        };
        let effects = super::start(&mut h.state);
        h.run(effects);
        h
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.db")
    }

    /// Another operator's desk on the same database (another process, in effect).
    pub fn other(&self, role: Role) -> Desk {
        desk_at(&self.db_path(), role, Arc::clone(&self.clock))
    }

    pub fn send(&mut self, msg: Msg) {
        let effects = super::update(&mut self.state, msg);
        self.run(effects);
    }

    fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(e) = queue.pop_front() {
            match e {
                Effect::Job(job @ Job::Register(_)) if self.hold_writes => {
                    self.held.push_back(job);
                }
                Effect::Job(job) => {
                    let msg = Job::run(job, &mut self.desk, &self.providers, self.state.lang);
                    queue.extend(super::update(&mut self.state, msg));
                }
                Effect::Alert(a, c) => {
                    self.notifier.signal(&a, c);
                    self.alerts.push((a, c));
                }
                Effect::Quit => self.quit = true,
            }
        }
    }

    /// The worker gets round to the oldest held registration and answers it.
    /// Returns false when none was held.
    pub fn answer_held(&mut self) -> bool {
        let Some(job) = self.held.pop_front() else {
            return false;
        };
        let msg = Job::run(job, &mut self.desk, &self.providers, self.state.lang);
        self.send(msg);
        true
    }

    pub fn key(&mut self, key: Key) {
        self.send(Msg::Key(key));
    }

    pub fn code(&mut self, code: KeyCode) {
        self.key(Key::new(code));
    }

    /// Types each character as a key.
    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::ch(c));
        }
    }

    /// Moves the clock and delivers the tick.
    pub fn tick(&mut self, secs: i64) {
        self.clock.advance(chrono::Duration::seconds(secs));
        let now = self.clock.now();
        self.send(Msg::Tick(now));
    }

    /// Registers through another desk and tells the console the data changed.
    pub fn arrives(&mut self, input: EntryInput) {
        let mut other = self.other(Role::Guard);
        other.register_entry(&input).expect("register");
        self.send(Msg::DataChanged);
    }
}
