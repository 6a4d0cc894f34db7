#pragma once

#include "engine/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

namespace connectors::catcher {

// One message the catcher stored, read for the viewer: summary fields, the
// decoded headers, the text and HTML bodies, the attachments and the raw source.
struct CaughtMail
{
    struct Attachment
    {
        QString fileName;
        QString contentType;
        QString contentId;
        QByteArray data;
    };

    QString path;
    QString id; // file name in the Maildir
    QString from;
    QStringList to;
    QStringList cc;
    QStringList envelopeRecipients; // every RCPT TO, BCC included
    QString subject;
    QDateTime date;
    QString messageId;
    QList<std::pair<QString, QString>> headers; // decoded, in order
    QString text;
    QString html;
    QList<Attachment> attachments;
    QByteArray raw;

    static CaughtMail fromBytes(const QByteArray& raw);
    static engine::Result<CaughtMail> load(const QString& path);
    // Every message in a Maildir, oldest first; unreadable files are skipped.
    static QList<CaughtMail> loadAll(const QString& maildirRoot);
};

} // namespace connectors::catcher
