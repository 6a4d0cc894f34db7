#pragma once

#include <QList>
#include <QString>

namespace designer {

// Splits a field's text into plain text and expression tokens, as WDL reads
// a string: "@expr" as the whole value is one expression, "text @{expr} text"
// interpolates, "@@" at the start is a literal "@". The inverse, join(),
// writes the same text back, so a field shows chips without changing what
// is stored.
class ExpressionText
{
public:
    struct Segment
    {
        enum class Kind
        {
            Text,
            Token
        };
        Kind kind = Kind::Text;
        QString text;       // the plain text, or the expression inside the token
        bool whole = false; // the token is the whole value ("@expr", not "@{expr}")

        friend bool operator==(const Segment&, const Segment&) = default;
    };

    static QList<Segment> split(const QString& text);
    static QString join(const QList<Segment>& segments);

    // What a chip shows for an expression: the last key it reads
    // ("triggerBody()?['Email']" -> "Email"), else the expression shortened.
    static QString label(const QString& expression);
};

} // namespace designer
