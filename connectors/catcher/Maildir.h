#pragma once

#include "engine/core/Result.h"

#include <QFile>
#include <QString>
#include <QStringList>
#include <memory>

namespace connectors::catcher {

// A Maildir (new/ cur/ tmp/): each message is written under tmp/ and renamed
// into new/ once complete, so a reader never sees half a message.
class Maildir
{
public:
    explicit Maildir(QString root);

    // The folder the catcher uses when none is given: <AppDataLocation>/mail.
    static QString defaultRoot();

    const QString& root() const { return m_root; }
    // Creates new/, cur/ and tmp/ if missing.
    engine::Status ensure() const;

    // A delivery in progress: append, then commit (rename into new/) or drop.
    class Delivery
    {
    public:
        ~Delivery();
        bool write(const QByteArray& data);
        qint64 size() const { return m_size; }
        // The final path under new/, or an error (the temporary file is removed).
        engine::Result<QString> commit();
        void discard();

    private:
        friend class Maildir;
        std::unique_ptr<QFile> m_file;
        QString m_finalPath;
        qint64 m_size = 0;
    };
    engine::Result<std::unique_ptr<Delivery>> begin() const;

    // Stored messages (new/ and cur/), oldest first.
    QStringList messages() const;

private:
    QString uniqueName() const;

    QString m_root;
};

} // namespace connectors::catcher
