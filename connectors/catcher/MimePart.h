#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <utility>

namespace connectors::catcher {

// One part of a received message (RFC 2045/2046), read for display: headers
// unfolded, Content-Type and its parameters, the body and, for multipart
// types, the sub-parts. Lenient: whatever arrives is shown somehow.
class MimePart
{
public:
    static MimePart parse(const QByteArray& raw);

    QList<std::pair<QByteArray, QByteArray>> headers; // name, unfolded value (raw octets)
    QByteArray mimeType = "text/plain";               // lower case
    QHash<QByteArray, QString> typeParams;            // charset, boundary, name...
    QByteArray disposition;                           // "attachment", "inline" or empty
    QHash<QByteArray, QString> dispositionParams;     // filename...
    QByteArray body;                                  // as transferred
    QList<MimePart> parts;                            // for multipart/*

    // The first header of that name (case-insensitive), raw; empty if none.
    QByteArray header(const QByteArray& name) const;
    // The same with RFC 2047 encoded words decoded.
    QString decodedHeader(const QByteArray& name) const;
    // The body with its Content-Transfer-Encoding undone.
    QByteArray decodedBody() const;
    // decodedBody() as text in its charset (UTF-8 when none is given).
    QString text() const;
    // filename (Content-Disposition) or name (Content-Type); empty if neither.
    QString fileName() const;
    bool isMultipart() const { return mimeType.startsWith("multipart/"); }
    bool isAttachment() const;

    // RFC 2047: "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" -> "Grüße"; other text is UTF-8.
    static QString decodeWords(const QByteArray& value);
    static QByteArray decodeQuotedPrintable(const QByteArray& data);
    // "text/plain; charset=utf-8" -> value "text/plain" and lower-cased
    // parameter names (RFC 2231 continuations and charsets decoded).
    static QHash<QByteArray, QString> parseParameters(const QByteArray& field, QByteArray* value);
    static QString decodeCharset(const QByteArray& data, const QByteArray& charset);

private:
    static MimePart parse(const QByteArray& raw, int depth);
};

} // namespace connectors::catcher
