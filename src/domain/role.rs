//! Operator roles and the permission matrix. Every write in `service/` checks it;
//! the console also uses it to leave out keys a role may not press.

use super::entry::text_enum;

text_enum!(
    /// What an operator is at the desk.
    Role {
        Guard => "guard",
        Officer => "officer",
        Leader => "leader",
        Supervisor => "supervisor",
        Admin => "admin",
        DeptHead => "dept_head",
    }
);

/// Everything an operator may be allowed to do. Reading is open to every role
/// (with personal numbers masked); writes are listed one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Register a gate entry (CLI, console form, ingest).
    RegisterEntry,
    /// Show one person's full resident ID and phone (audited).
    RevealPersonal,
    /// Import or update the people roster.
    ImportPeople,
    /// Import the duty roster (排班).
    ImportRoster,
    /// Fill a database with demo data.
    SeedDemo,
    /// Record a re-check of a flagged temperature.
    RecheckFlag,
    /// Move a fever case on: observation, referral, report, close.
    ManageFlag,
    /// File a leave or visitor request.
    FileRequest,
    /// Approve or reject a request.
    DecideRequest,
    /// Cancel a request.
    CancelRequest,
    /// Work on the handover: check items, acknowledge carry-over, write notes.
    WorkHandover,
    /// Sign the handover (capacity rules are checked separately).
    SignHandover,
    /// Move the desk to another time zone (`dutydesk site timezone`).
    SetSiteZone,
    /// Open an incident, report it, tick its plan steps, close it.
    ManageIncident,
    /// Write in the duty phone log (值班电话记录).
    LogCall,
    /// Record a test call to a 24-hour contact.
    VerifyContact,
    /// Add, import and remove 24-hour contacts.
    ManageContacts,
    /// Record a directive received from the command or the education bureau.
    AddDirective,
    /// Acknowledge a directive.
    AckDirective,
    /// Write a handover record to a file (it holds names and fever readings).
    ExportHandover,
    /// Write an incident's report form to a file (names, symptoms).
    ExportIncident,
    /// Record or import daily health readings (晨午晚检). A department head may, but
    /// only for their own departments' people: `service::health` checks that scope.
    RecordHealth,
    /// Write the daily health sheet to a file (names and temperatures of a class).
    ExportHealth,
    /// Void a mistaken gate entry (it stays, marked void, out of every count).
    VoidEntry,
}

impl Permission {
    /// Stable name for messages and the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegisterEntry => "register_entry",
            Self::RevealPersonal => "reveal_personal",
            Self::ImportPeople => "import_people",
            Self::ImportRoster => "import_roster",
            Self::SeedDemo => "seed_demo",
            Self::RecheckFlag => "recheck_flag",
            Self::ManageFlag => "manage_flag",
            Self::FileRequest => "file_request",
            Self::DecideRequest => "decide_request",
            Self::CancelRequest => "cancel_request",
            Self::WorkHandover => "work_handover",
            Self::SignHandover => "sign_handover",
            Self::SetSiteZone => "set_site_zone",
            Self::ManageIncident => "manage_incident",
            Self::LogCall => "log_call",
            Self::VerifyContact => "verify_contact",
            Self::ManageContacts => "manage_contacts",
            Self::AddDirective => "add_directive",
            Self::AckDirective => "ack_directive",
            Self::ExportHandover => "export_handover",
            Self::ExportIncident => "export_incident",
            Self::RecordHealth => "record_health",
            Self::ExportHealth => "export_health",
            Self::VoidEntry => "void_entry",
        }
    }
}

impl Role {
    /// The permission matrix. `supervisor` may do nothing that writes.
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match self {
            Admin => true,
            Supervisor => false,
            Guard => matches!(p, RegisterEntry | RecheckFlag | LogCall),
            // A department head answers for their own people's health checks (and
            // their paper sheet) and nothing else at the desk.
            DeptHead => matches!(p, RecordHealth | ExportHealth),
            Officer => !matches!(
                p,
                DecideRequest
                    | ImportPeople
                    | ImportRoster
                    | SeedDemo
                    | SetSiteZone
                    | ManageContacts
                    | AddDirective
            ),
            Leader => !matches!(p, ImportPeople | ImportRoster | SeedDemo | SetSiteZone),
        }
    }

    /// The roles that hold a permission, for "needs one of …" messages.
    pub fn holding(p: Permission) -> Vec<Role> {
        Role::ALL.iter().copied().filter(|r| r.allows(p)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    const EVERY: [Permission; 17] = [
        RegisterEntry,
        RevealPersonal,
        ImportPeople,
        ImportRoster,
        SeedDemo,
        RecheckFlag,
        ManageFlag,
        FileRequest,
        DecideRequest,
        CancelRequest,
        WorkHandover,
        SignHandover,
        SetSiteZone,
        ExportHandover,
        RecordHealth,
        ExportHealth,
        VoidEntry,
    ];

    #[test]
    fn supervisors_may_write_nothing() {
        assert!(EVERY.iter().all(|p| !Role::Supervisor.allows(*p)));
    }

    #[test]
    fn admins_may_do_everything() {
        assert!(EVERY.iter().all(|p| Role::Admin.allows(*p)));
    }

    #[test]
    fn only_officers_leaders_and_admins_write_export_files() {
        assert_eq!(
            Role::holding(ExportHandover),
            vec![Role::Officer, Role::Leader, Role::Admin]
        );
    }

    #[test]
    fn only_leaders_and_admins_decide() {
        assert_eq!(
            Role::holding(DecideRequest),
            vec![Role::Leader, Role::Admin]
        );
    }

    #[test]
    fn guards_register_and_recheck_only() {
        let guard: Vec<_> = EVERY.iter().filter(|p| Role::Guard.allows(**p)).collect();
        assert_eq!(guard, vec![&RegisterEntry, &RecheckFlag]);
    }

    #[test]
    fn incident_duties_by_role() {
        use Role::*;
        let writers = vec![Officer, Leader, Admin];
        assert_eq!(Role::holding(ManageIncident), writers);
        assert_eq!(Role::holding(ExportIncident), writers);
        assert_eq!(Role::holding(VerifyContact), writers);
        assert_eq!(Role::holding(AckDirective), writers);
        assert_eq!(Role::holding(LogCall), vec![Guard, Officer, Leader, Admin]);
        assert_eq!(Role::holding(ManageContacts), vec![Leader, Admin]);
        assert_eq!(Role::holding(AddDirective), vec![Leader, Admin]);
        for p in [
            ManageIncident,
            LogCall,
            VerifyContact,
            ManageContacts,
            AddDirective,
            AckDirective,
        ] {
            assert!(!Supervisor.allows(p));
        }
    }

    #[test]
    fn guards_and_supervisors_cannot_reveal_personal_numbers() {
        assert_eq!(
            Role::holding(RevealPersonal),
            vec![Role::Officer, Role::Leader, Role::Admin]
        );
    }

    #[test]
    fn department_heads_record_and_print_health_checks_only() {
        let head: Vec<_> = EVERY
            .iter()
            .filter(|p| Role::DeptHead.allows(**p))
            .collect();
        assert_eq!(head, vec![&RecordHealth, &ExportHealth]);
        assert_eq!(
            Role::holding(ExportHealth),
            vec![Role::Officer, Role::Leader, Role::Admin, Role::DeptHead]
        );
        assert_eq!(
            Role::holding(RecordHealth),
            vec![Role::Officer, Role::Leader, Role::Admin, Role::DeptHead]
        );
    }

    #[test]
    fn only_admins_move_the_desk_to_another_zone() {
        assert_eq!(Role::holding(SetSiteZone), vec![Role::Admin]);
    }
}
