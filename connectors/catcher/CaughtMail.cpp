#include "connectors/catcher/CaughtMail.h"

#include "connectors/catcher/Maildir.h"
#include "connectors/catcher/MimePart.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace connectors::catcher {
namespace {

QStringList splitAddresses(const QString& value)
{
    // Commas inside quoted display names do not separate addresses.
    QStringList out;
    QString current;
    bool quoted = false;
    int angle = 0;
    for (const QChar c : value) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (c == QLatin1Char('<'))
            ++angle;
        else if (c == QLatin1Char('>'))
            angle = std::max(0, angle - 1);
        if ((c == QLatin1Char(',') || c == QLatin1Char(';')) && !quoted && angle == 0) {
            if (!current.trimmed().isEmpty())
                out.append(current.trimmed());
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty())
        out.append(current.trimmed());
    return out;
}

void collect(const MimePart& part, CaughtMail& mail)
{
    if (part.isMultipart()) {
        for (const MimePart& child : part.parts)
            collect(child, mail);
        return;
    }
    if (!part.isAttachment()) {
        if (part.mimeType == "text/html" && mail.html.isEmpty()) {
            mail.html = part.text();
            return;
        }
        if (part.mimeType.startsWith("text/") && part.mimeType != "text/html" &&
            mail.text.isEmpty()) {
            mail.text = part.text();
            return;
        }
    }
    CaughtMail::Attachment a;
    a.fileName = part.fileName();
    a.contentType = QString::fromLatin1(part.mimeType);
    QString cid = part.decodedHeader("Content-ID").trimmed();
    if (cid.startsWith(QLatin1Char('<')) && cid.endsWith(QLatin1Char('>')))
        cid = cid.mid(1, cid.size() - 2);
    a.contentId = cid;
    a.data = part.decodedBody();
    mail.attachments.append(a);
}

} // namespace

CaughtMail CaughtMail::fromBytes(const QByteArray& raw)
{
    CaughtMail mail;
    mail.raw = raw;
    const MimePart root = MimePart::parse(raw);
    for (const auto& [name, value] : root.headers) {
        const QString decoded = MimePart::decodeWords(value);
        mail.headers.append({QString::fromLatin1(name), decoded});
        if (name.compare("Delivered-To", Qt::CaseInsensitive) == 0)
            mail.envelopeRecipients.append(decoded.trimmed());
    }
    mail.from = root.decodedHeader("From").trimmed();
    mail.to = splitAddresses(root.decodedHeader("To"));
    mail.cc = splitAddresses(root.decodedHeader("Cc"));
    mail.subject = root.decodedHeader("Subject").trimmed();
    mail.messageId = root.decodedHeader("Message-ID").trimmed();
    mail.date =
        QDateTime::fromString(QString::fromLatin1(root.header("Date")).trimmed(), Qt::RFC2822Date);
    collect(root, mail);
    return mail;
}

engine::Result<CaughtMail> CaughtMail::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return engine::Result<CaughtMail>::failure(
            QStringLiteral("path"),
            QCoreApplication::translate("connectors::catcher::CaughtMail", "cannot read %1: %2")
                .arg(path, file.errorString()),
            404);
    CaughtMail mail = fromBytes(file.readAll());
    mail.path = QFileInfo(path).absoluteFilePath();
    mail.id = QFileInfo(path).fileName();
    if (!mail.date.isValid())
        mail.date = QFileInfo(path).lastModified();
    return mail;
}

QList<CaughtMail> CaughtMail::loadAll(const QString& maildirRoot)
{
    QList<CaughtMail> out;
    for (const QString& path : Maildir(maildirRoot).messages()) {
        auto mail = load(path);
        if (mail)
            out.append(std::move(*mail));
    }
    return out;
}

} // namespace connectors::catcher
