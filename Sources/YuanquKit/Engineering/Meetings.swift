import Foundation

// Key-project meetings (重点工程领导会议、重点项目专题会议), their decisions and the action items (督办事项) they set.

/// The two kinds of meeting.
public enum MeetingKind: String, CaseIterable, Codable, Sendable {
    /// 重点工程领导会议: the key-works leadership meeting.
    case leadership
    /// 重点项目专题会议: a special meeting on key projects.
    case projectSpecial

    public var label: (zh: String, en: String) {
        switch self {
        case .leadership: return ("重点工程领导会议", "Key-works leadership meeting")
        case .projectSpecial: return ("重点项目专题会议", "Key-project special meeting")
        }
    }
}

/// What a meeting decided on an agenda item. Only `approved` and `rejected` decide a design change that waits for one.
public enum ItemOutcome: String, CaseIterable, Codable, Sendable {
    case approved, rejected, noted

    public var label: (zh: String, en: String) {
        switch self {
        case .approved: return ("同意", "Approved")
        case .rejected: return ("不同意", "Rejected")
        case .noted: return ("听取汇报", "Noted")
        }
    }

    /// Whether the outcome decides something (a design change takes effect or is rejected).
    public var decides: Bool { self != .noted }
}

/// An action item is open until its owner reports it done.
public enum ActionStatus: String, CaseIterable, Codable, Sendable {
    case open, done

    public var label: (zh: String, en: String) {
        switch self {
        case .open: return ("办理中", "Open")
        case .done: return ("已办结", "Done")
        }
    }
}

/// The dates of meetings and action items.
public enum MeetingRule {
    public enum Refusal: Error, Equatable, Sendable {
        /// A meeting is recorded after it is held: its date is not after today.
        case heldInFuture
        /// An action item falls due on or after the meeting that set it.
        case dueBeforeMeeting(held: CalendarDate)
        /// An action item closes on or after the meeting that set it.
        case closedBeforeMeeting(held: CalendarDate)
        /// An action item closes today or earlier, never on a future date.
        case closedInFuture
        /// An action item is closed once.
        case alreadyDone
    }

    /// A meeting held on `held` may be recorded on `today`.
    public static func checkHeld(_ held: CalendarDate, today: CalendarDate) throws(Refusal) {
        if held > today { throw .heldInFuture }
    }

    /// An action item of a meeting held on `held` may fall due on `due`.
    public static func checkDue(_ due: CalendarDate, held: CalendarDate) throws(Refusal) {
        if due < held { throw .dueBeforeMeeting(held: held) }
    }

    /// An action item of a meeting held on `held` may be closed on `closed`.
    public static func checkClose(status: ActionStatus, closed: CalendarDate, held: CalendarDate, today: CalendarDate) throws(Refusal) {
        if status == .done { throw .alreadyDone }
        if closed > today { throw .closedInFuture }
        if closed < held { throw .closedBeforeMeeting(held: held) }
    }

    /// Overdue: still open after its due date. The due date itself is not overdue (it may be done that day).
    public static func isOverdue(status: ActionStatus, due: CalendarDate, today: CalendarDate) -> Bool {
        status == .open && today > due
    }

    /// Days past the due date of an open item (0 when not overdue).
    public static func daysOverdue(status: ActionStatus, due: CalendarDate, today: CalendarDate) -> Int {
        isOverdue(status: status, due: due, today: today) ? today.dayNumber - due.dayNumber : 0
    }
}
