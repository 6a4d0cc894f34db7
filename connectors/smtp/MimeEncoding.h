#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace connectors::smtp {

// The encodings a MIME message is written in: RFC 2047 encoded-words, RFC
// 2045 quoted-printable and base64 bodies, RFC 2231 parameters, and RFC 5322
// header folding. Pure functions, so each rule is tested on its own.
class MimeEncoding
{
public:
    static constexpr int kMaxEncodedWord = 75; // RFC 2047 2
    static constexpr int kFoldAt = 78;         // RFC 5322 2.1.1 SHOULD
    static constexpr int kMaxLine = 998;       // RFC 5322 2.1.1 MUST

    // True when the text must be written as encoded-words: non-ASCII, a
    // control character, something a reader would take for an encoded-word,
    // or a word too long to fold.
    static bool needsEncoding(const QString& text);
    // RFC 2047: the text as UTF-8 encoded-words of at most 75 characters,
    // each holding whole characters; Q when the text is mostly ASCII, else B.
    // The first word fits in `firstRoom` characters when that is room enough.
    static QList<QByteArray> encodedWords(const QString& text, int firstRoom = kMaxEncodedWord);
    // The words of an unstructured header value (Subject, custom headers):
    // plain words split on spaces, or encoded-words.
    static QList<QByteArray> unstructuredTokens(const QString& text, int firstRoom);
    // The words of a display name (RFC 5322 3.2.5 phrase): atoms, a quoted
    // string or encoded-words.
    static QList<QByteArray> phraseTokens(const QString& name, int firstRoom);
    // "Name: token token ..." folded before a token so lines stay within 78
    // characters where the tokens allow (tokens are separated by one space).
    static QByteArray foldHeader(const QByteArray& name, const QList<QByteArray>& tokens);

    // RFC 2045 6.7: quoted-printable of text whose line breaks are CRLF; hard
    // line breaks kept, soft breaks keep lines within 76 characters. Ends
    // without a line break.
    static QByteArray quotedPrintable(const QByteArray& text);
    // RFC 2045 6.8: base64 in lines of 76 characters, each ended by CRLF.
    static QByteArray base64Lines(const QByteArray& data);
    // Every line break (CRLF, LF or a bare CR) made CRLF.
    static QByteArray normalizeLineBreaks(const QByteArray& text);
    // Longest line in octets, not counting the CRLF.
    static qsizetype longestLine(const QByteArray& text);

    // A parameter (";" and folding not included) in as many pieces as it
    // needs: `name="value"` for short ASCII, RFC 2231 `name*=utf-8''...` for
    // non-ASCII, and RFC 2231 continuations (`name*0*=`) for long values.
    static QList<QByteArray> parameter(const QByteArray& name, const QString& value);
    // An RFC 5322 date-time ("Mon, 05 Jan 2026 09:00:00 +0000").
    static QByteArray dateTime(const QDateTime& utc);
};

} // namespace connectors::smtp
