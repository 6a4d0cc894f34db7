#pragma once

#include <QString>

namespace connectors::smtp {

// The plain-text alternative of an HTML body (RFC 2046 5.1.4), for readers
// that show no HTML: block elements become line breaks, list items dashes,
// links "text <url>", scripts and styles dropped, entities decoded.
class PlainText
{
public:
    static QString fromHtml(const QString& html);
};

} // namespace connectors::smtp
