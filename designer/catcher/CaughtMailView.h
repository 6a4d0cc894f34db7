#pragma once

#include "connectors/catcher/CaughtMail.h"

#include <QFileSystemWatcher>
#include <QTextBrowser>
#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace designer {

// Shows what the built-in mail catcher caught: a list of messages (from, to,
// subject, date) and, for the selected one, its headers, text, HTML, the
// attachments (save as...) and the raw source. Follows the Maildir as mail
// arrives.
class CaughtMailView : public QWidget
{
    Q_OBJECT
public:
    explicit CaughtMailView(QString maildirRoot, QWidget* parent = nullptr);

    QString maildirRoot() const { return m_root; }
    const QList<connectors::catcher::CaughtMail>& messages() const { return m_mail; }
    // The selected message's index in messages(); -1 when none.
    int currentIndex() const;
    void setCurrentIndex(int index);
    // Writes attachment `index` of the selected message to `path` (QSaveFile).
    bool saveAttachment(int index, const QString& path, QString* error = nullptr);

    QTreeWidget* list() const { return m_list; }
    QTabWidget* tabs() const { return m_tabs; }
    QTextBrowser* htmlView() const { return m_html; }
    QPlainTextEdit* textView() const { return m_text; }
    QPlainTextEdit* sourceView() const { return m_source; }
    QTreeWidget* headersView() const { return m_headers; }
    QListWidget* attachmentsView() const { return m_attachments; }

public Q_SLOTS:
    // Reads the Maildir again, keeping the selection.
    void refresh();

private:
    void showMessage(int index);
    void saveSelectedAttachment();

    // An HTML view that loads nothing from outside the message: inline parts
    // (cid:) only, never the network or local files (tracking pixels, probes).
    class HtmlView : public QTextBrowser
    {
    public:
        explicit HtmlView(CaughtMailView* owner) : QTextBrowser(owner), m_owner(owner) {}
        QVariant loadResource(int type, const QUrl& name) override;

    private:
        CaughtMailView* m_owner;
    };

    QString m_root;
    QList<connectors::catcher::CaughtMail> m_mail;
    QTreeWidget* m_list;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QTreeWidget* m_headers;
    QPlainTextEdit* m_text;
    HtmlView* m_html;
    QListWidget* m_attachments;
    QPushButton* m_save;
    QPlainTextEdit* m_source;
    QFileSystemWatcher m_watcher;
    QTimer m_refreshSoon;
};

} // namespace designer
