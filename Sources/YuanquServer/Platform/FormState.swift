import Vapor

/// A form's state as plain values, for page models: the refusal message shown at the top, each field's error,
/// the values typed and the order the errors were found in. Views turn it into a `FormKit` in the reader's language.
struct FormState: Sendable {
    var message: Loc?
    var errors: [String: Loc]
    var values: [String: String]
    var order: [String]

    init(message: Loc? = nil, errors: [String: Loc] = [:], values: [String: String] = [:], order: [String] = []) {
        self.message = message
        self.errors = errors
        self.values = values
        self.order = order
    }

    /// A page shown again after a refusal: the message at the top and the errors beside their fields.
    init(error: AppError?, values: [String: String]) {
        self.init(message: error?.message, errors: error?.fieldErrors ?? [:], values: values)
    }

    /// A form shown again after a refusal, as `FormKit(lang:error:values:fallbackField:)` shows it (no message at the top).
    init(error: AppError, values: [String: String], fallbackField: String) {
        self.init(
            errors: error.fieldErrors.isEmpty ? [fallbackField: error.message] : error.fieldErrors,
            values: values,
            order: error.fieldOrder
        )
    }

    static let empty = FormState()

    func kit(_ lang: Lang) -> FormKit { FormKit(lang: lang, errors: errors, values: values, order: order) }

}
