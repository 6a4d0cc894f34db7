#include "app/cli/SendCommand.h"

#include "app/cli/SmtpFlags.h"
#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/MimeMessage.h"
#include "connectors/smtp/SmtpClient.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace cli {
namespace {

using connectors::smtp::EmailMessage;
using connectors::smtp::MimeMessage;
using connectors::smtp::SendResult;

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::SendCommand", text);
}

void printHelp(QTextStream& out)
{
    out << tr("Usage: logicapp send --server HOST[:PORT] [connection flags] --from A --to LIST\n"
              "       [--cc LIST] [--bcc LIST] [--reply-to A] --subject S\n"
              "       (--body TEXT | --body-file F) [--html] [--importance high|normal|low]\n"
              "       [--attach FILE[,type=T][,cid=ID][,name=N]]... [--header 'N: V']...\n"
              "       [--read-receipt] [--delivery-receipt] [--transcript] [--json]\n"
              "       [--dump-mime F]\n\n"
              "Sends one email. Address lists are split on ';' or ','. Without --server,\n"
              "--dump-mime only writes the message to F.\n\n")
        << SmtpFlags::help()
        << tr("\nMessage:\n"
              "  --from A                   sender (default: --user when it is an address)\n"
              "  --to, --cc, --bcc LIST     recipients; Bcc is never shown in the message\n"
              "  --reply-to LIST            where replies go\n"
              "  --subject S                subject line\n"
              "  --body TEXT | --body-file F  the body (UTF-8)\n"
              "  --html                     the body is HTML (a text alternative is added)\n"
              "  --importance LEVEL         high, normal or low\n"
              "  --attach FILE[,type=T][,cid=ID][,name=N]\n"
              "                             attach FILE (streamed); cid= makes it an inline\n"
              "                             part an HTML body shows as <img src=\"cid:ID\">\n"
              "  --header 'N: V'            an extra header field\n"
              "  --read-receipt             ask for a read receipt (Disposition-Notification-To)\n"
              "  --delivery-receipt         ask for delivery status notifications (DSN)\n"
              "  --transcript               print the SMTP dialogue (passwords as ****)\n"
              "  --json                     print the result as JSON with its status code\n"
              "  --dump-mime F              also write the message as sent to F\n\n"
              "Exit codes: 0 sent, 2 usage or invalid input, 3 connect/DNS, 4 TLS, 5 auth,\n"
              "6 refused, 7 other server error, 8 timeout.\n");
}

// The flag a message field came from, for error messages.
QString flagOf(const QString& field)
{
    static const QList<QPair<QString, QString>> map = {
        {QStringLiteral("From"), QStringLiteral("--from")},
        {QStringLiteral("To"), QStringLiteral("--to")},
        {QStringLiteral("CC"), QStringLiteral("--cc")},
        {QStringLiteral("BCC"), QStringLiteral("--bcc")},
        {QStringLiteral("ReplyTo"), QStringLiteral("--reply-to")},
        {QStringLiteral("Subject"), QStringLiteral("--subject")},
        {QStringLiteral("Body"), QStringLiteral("--body")},
        {QStringLiteral("Importance"), QStringLiteral("--importance")},
        {QStringLiteral("Headers"), QStringLiteral("--header")},
        {QStringLiteral("Attachments"), QStringLiteral("--attach")},
    };
    for (const auto& [prefix, flag] : map) {
        if (field.startsWith(prefix))
            return flag;
    }
    return field;
}

struct Options
{
    QJsonObject props;
    QJsonArray headers;
    QStringList attach;
    QString bodyFile;
    bool bodyGiven = false;
    bool transcript = false;
    bool json = false;
    QString dumpMime;
};

int usage(Io& io, const QString& flag, const QString& message)
{
    io.err << "logicapp send: " << flag << ' ' << message << '\n';
    return ExitUsage;
}

int invalid(Io& io, bool json, const engine::Error& error)
{
    const QString flag = flagOf(error.field);
    if (json) {
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("statusCode"), 400},
                                            {QStringLiteral("field"), error.field},
                                            {QStringLiteral("flag"), flag},
                                            {QStringLiteral("error"), error.message}})
                      .toJson(QJsonDocument::Indented);
    }
    io.err << "logicapp send: " << flag << " (" << error.field << "): " << error.message << '\n';
    return ExitUsage;
}

// FILE[,type=T][,cid=ID][,name=N]: options are taken from the end, so a file
// name may itself hold commas.
engine::Result<EmailMessage::Attachment> parseAttach(const QString& spec)
{
    QStringList pieces = spec.split(QLatin1Char(','));
    EmailMessage::Attachment a;
    while (pieces.size() > 1) {
        const QString last = pieces.last().trimmed();
        if (last.startsWith(QLatin1String("type=")))
            a.contentType = last.mid(5);
        else if (last.startsWith(QLatin1String("cid=")))
            a.contentId = last.mid(4);
        else if (last.startsWith(QLatin1String("name=")))
            a.fileName = last.mid(5);
        else
            break;
        pieces.removeLast();
    }
    a.filePath = pieces.join(QLatin1Char(','));
    const QFileInfo info(a.filePath);
    if (!info.isFile() || !info.isReadable())
        return engine::Result<EmailMessage::Attachment>::failure(
            QStringLiteral("--attach"), tr("cannot read the file \"%1\"").arg(a.filePath));
    if (a.fileName.isEmpty())
        a.fileName = info.fileName();
    return a;
}

bool dump(const MimeMessage& mime, bool allowEightBit, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    auto device = mime.open(allowEightBit);
    QByteArray chunk(256 * 1024, Qt::Uninitialized);
    while (true) {
        const qint64 n = device->read(chunk.data(), chunk.size());
        if (n < 0) {
            *error = device->errorString();
            file.cancelWriting();
            return false;
        }
        if (n == 0)
            break;
        file.write(chunk.constData(), n);
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void printResult(const SendResult& r, const MimeMessage& mime, bool json, Io& io)
{
    if (json) {
        QJsonObject o = r.toJson();
        o.insert(QStringLiteral("messageId"),
                 QString(QLatin1Char('<') + mime.messageId() + QLatin1Char('>')));
        io.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return;
    }
    if (r.ok()) {
        int accepted = 0;
        for (const auto& rc : r.recipients)
            accepted += rc.accepted ? 1 : 0;
        io.out << tr("Sent <%1> to %2 of %3 recipients")
                      .arg(mime.messageId())
                      .arg(accepted)
                      .arg(r.recipients.size());
        if (!r.queueId.isEmpty())
            io.out << tr(" (queued as %1)").arg(r.queueId);
        io.out << '\n';
        for (const auto& rc : r.recipients) {
            if (!rc.accepted)
                io.out << tr("  refused %1: %2\n").arg(rc.address, rc.reply);
        }
    } else {
        io.err << tr("Not sent (%1): %2\n").arg(r.code).arg(r.error);
        if (r.lastReply.code != 0)
            io.err << tr("Server said: %1\n").arg(r.lastReply.toString());
        for (const auto& rc : r.recipients)
            io.err << tr("  %1 %2: %3\n")
                          .arg(rc.accepted ? tr("accepted") : tr("refused"), rc.address, rc.reply);
    }
}

} // namespace

int runSend(const QStringList& argsIn, Io& io)
{
    QStringList args = argsIn;
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        printHelp(io.out);
        return ExitOk;
    }

    // The message flags first; what is left are the connection flags.
    Options o;
    QStringList rest;
    static const QHash<QString, QString> valued = {
        {QStringLiteral("--from"), QStringLiteral("From")},
        {QStringLiteral("--to"), QStringLiteral("To")},
        {QStringLiteral("--cc"), QStringLiteral("CC")},
        {QStringLiteral("--bcc"), QStringLiteral("BCC")},
        {QStringLiteral("--reply-to"), QStringLiteral("ReplyTo")},
        {QStringLiteral("--subject"), QStringLiteral("Subject")},
        {QStringLiteral("--body"), QStringLiteral("Body")},
        {QStringLiteral("--importance"), QStringLiteral("Importance")},
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString flag = args.at(i);
        QString value;
        bool hasInlineValue = false;
        if (flag.startsWith(QLatin1String("--")) && flag.contains(QLatin1Char('='))) {
            value = flag.section(QLatin1Char('='), 1);
            flag = flag.section(QLatin1Char('='), 0, 0);
            hasInlineValue = true;
        }
        const bool takesValue = valued.contains(flag) || flag == QLatin1String("--body-file") ||
                                flag == QLatin1String("--attach") ||
                                flag == QLatin1String("--header") ||
                                flag == QLatin1String("--dump-mime");
        if (takesValue && !hasInlineValue) {
            if (i + 1 >= args.size())
                return usage(io, flag, tr("needs a value"));
            value = args.at(++i);
        }
        if (valued.contains(flag)) {
            const QString key = valued.value(flag);
            if (o.props.contains(key))
                return usage(io, flag, tr("given twice (separate addresses with ';' or ',')"));
            o.props.insert(key, value);
            if (key == QLatin1String("Body"))
                o.bodyGiven = true;
        } else if (flag == QLatin1String("--body-file")) {
            o.bodyFile = value;
        } else if (flag == QLatin1String("--attach")) {
            o.attach << value;
        } else if (flag == QLatin1String("--header")) {
            o.headers.append(value);
        } else if (flag == QLatin1String("--dump-mime")) {
            o.dumpMime = value;
        } else if (flag == QLatin1String("--html")) {
            o.props.insert(QStringLiteral("IsHtml"), true);
        } else if (flag == QLatin1String("--read-receipt")) {
            o.props.insert(QStringLiteral("ReadReceipt"), true);
        } else if (flag == QLatin1String("--delivery-receipt")) {
            o.props.insert(QStringLiteral("DeliveryReceipt"), true);
        } else if (flag == QLatin1String("--transcript")) {
            o.transcript = true;
        } else if (flag == QLatin1String("--json")) {
            o.json = true;
        } else {
            rest << args.at(i);
        }
    }

    const bool sendIt = !o.dumpMime.isEmpty()
                            ? rest.contains(QStringLiteral("--server")) ||
                                  !rest.filter(QStringLiteral("--server=")).isEmpty()
                            : true;
    connectors::smtp::SmtpSettings settings;
    if (sendIt) {
        auto s = SmtpFlags::take(rest);
        if (!s)
            return usage(io, s.error().field, s.error().message);
        settings = *s;
    }
    if (!rest.isEmpty())
        return usage(io, rest.first(), tr("is not a flag of send (see 'logicapp send --help')"));

    if (o.bodyGiven && !o.bodyFile.isEmpty())
        return usage(io, QStringLiteral("--body-file"), tr("cannot be used with --body"));
    if (!o.bodyFile.isEmpty()) {
        QFile file(o.bodyFile);
        if (!file.open(QIODevice::ReadOnly))
            return usage(io, QStringLiteral("--body-file"),
                         tr("cannot read \"%1\": %2").arg(o.bodyFile, file.errorString()));
        const QByteArray bytes = file.readAll();
        const QString text = QString::fromUtf8(bytes);
        if (text.toUtf8() != bytes)
            return usage(io, QStringLiteral("--body-file"),
                         tr("\"%1\" is not UTF-8 text").arg(o.bodyFile));
        o.props.insert(QStringLiteral("Body"), text);
    }
    if (!o.headers.isEmpty())
        o.props.insert(QStringLiteral("Headers"), o.headers);

    auto message = EmailMessage::fromProperties(o.props, settings.user);
    if (!message)
        return invalid(io, o.json, message.error());
    for (const QString& spec : o.attach) {
        auto a = parseAttach(spec);
        if (!a)
            return invalid(io, o.json, a.error());
        message->attachments << *a;
    }
    if (auto valid = message->validate(); !valid)
        return invalid(io, o.json, valid.error());
    auto mime = MimeMessage::build(*message);
    if (!mime)
        return invalid(io, o.json, mime.error());

    if (!sendIt) {
        QString error;
        if (!dump(*mime, true, o.dumpMime, &error))
            return usage(io, QStringLiteral("--dump-mime"), error);
        return ExitOk;
    }

    connectors::smtp::SmtpClient client(settings);
    const MimeMessage built = *mime;
    bool dumped = false;
    bool eightBitUsed = true;
    const QString dumpPath = o.dumpMime;
    QString dumpError;
    std::unique_ptr<connectors::smtp::SendReply> reply(
        client.send(built.envelope(), [&, built](const connectors::smtp::SmtpCapabilities& caps) {
            eightBitUsed = caps.eightBitMime;
            // The dump is the very message the server gets.
            if (!dumpPath.isEmpty())
                dumped = dump(built, caps.eightBitMime, dumpPath, &dumpError);
            return built.open(caps.eightBitMime);
        }));
    if (o.transcript) {
        QObject::connect(reply.get(), &connectors::smtp::SendReply::transcriptLine, reply.get(),
                         [&io](const QJsonObject& e) {
                             io.err << QStringLiteral("%1 %2 %3\n")
                                           .arg(e.value(QStringLiteral("ms")).toInteger(), 6)
                                           .arg(e.value(QStringLiteral("dir")).toString(),
                                                e.value(QStringLiteral("line")).toString());
                             io.err.flush();
                         });
    }
    QEventLoop loop;
    QObject::connect(reply.get(), &connectors::smtp::SendReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const SendResult result = reply->result();
    if (!dumpPath.isEmpty() && !dumped) {
        // Not reached the content stage: dump what would have been sent.
        if (!dump(built, eightBitUsed, dumpPath, &dumpError))
            io.err << "logicapp send: --dump-mime " << dumpError << '\n';
    }
    printResult(result, built, o.json, io);
    io.out.flush();
    client.disconnectFromServer();
    return SmtpFlags::exitCode(result.failure);
}

} // namespace cli
