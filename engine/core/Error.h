#pragma once

#include <QString>

namespace engine {

// A problem with something the user gave us: where it is and what is wrong.
// `field` is a path a person can find ("actions.Send_email.inputs.To",
// "To", "Attachments[1].ContentData"), empty when the error is not about one.
struct Error
{
    QString field;
    QString message;
    int code = 400; // HTTP-like status (400 invalid input, 401, 403, 404, 500)

    // "field: message", or the message alone.
    QString toString() const;

    friend bool operator==(const Error&, const Error&) = default;
};

} // namespace engine
