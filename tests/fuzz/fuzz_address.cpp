// libFuzzer target for the address parser and the header encoders: any input
// either parses into an address that survives a round trip, or is refused;
// nothing that parses may carry a line break into a header.
#include "connectors/smtp/MailAddress.h"
#include "connectors/smtp/MimeEncoding.h"

#include <QString>
#include <cstdint>
#include <cstdlib>

using connectors::smtp::MailAddress;
using connectors::smtp::MimeEncoding;

namespace {

void check(bool condition)
{
    if (!condition)
        abort();
}

void checkAddress(const MailAddress& a)
{
    for (const QString& s : {a.displayName(), a.smtpAddress(), a.address()}) {
        check(!s.contains(QLatin1Char('\r')) && !s.contains(QLatin1Char('\n')) &&
              !s.contains(QChar(0)));
    }
    check(!a.isNull());
    // What we write into MAIL FROM / RCPT TO reads back as the same address.
    const auto again = MailAddress::parse(a.smtpAddress());
    check(again.ok());
    check(again->smtpAddress() == a.smtpAddress());
    check(again->needsSmtpUtf8() == a.needsSmtpUtf8());
    // A display name always becomes header words within the limits.
    for (const QByteArray& token : MimeEncoding::phraseTokens(a.displayName(), 60)) {
        check(!token.contains('\r') && !token.contains('\n'));
        if (token.startsWith("=?"))
            check(token.size() <= MimeEncoding::kMaxEncodedWord);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    if (const auto a = MailAddress::parse(text, QStringLiteral("To")); a.ok())
        checkAddress(*a);
    else
        check(!a.error().message.isEmpty() && a.error().field == QLatin1String("To"));
    if (const auto list = MailAddress::parseList(text, QStringLiteral("CC")); list.ok()) {
        for (const MailAddress& a : *list)
            checkAddress(a);
    }
    for (const QByteArray& word : MimeEncoding::unstructuredTokens(text, 60)) {
        check(!word.contains('\r') && !word.contains('\n'));
        if (MimeEncoding::needsEncoding(text))
            check(word.size() <= MimeEncoding::kMaxEncodedWord);
    }
    return 0;
}
