#include "designer/catcher/CaughtMailView.h"

#include "connectors/catcher/Maildir.h"

#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace designer {

using connectors::catcher::CaughtMail;

CaughtMailView::CaughtMailView(QString maildirRoot, QWidget* parent)
    : QWidget(parent), m_root(std::move(maildirRoot))
{
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels({tr("From"), tr("To"), tr("Subject"), tr("Date")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_summary = new QLabel(this);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_headers = new QTreeWidget(this);
    m_headers->setHeaderLabels({tr("Header"), tr("Value")});
    m_headers->setRootIsDecorated(false);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_html = new HtmlView(this);
    m_html->setOpenLinks(false);
    m_html->setOpenExternalLinks(false);
    m_html->setReadOnly(true);
    auto* attachmentsPage = new QWidget(this);
    m_attachments = new QListWidget(attachmentsPage);
    m_save = new QPushButton(tr("Save as…"), attachmentsPage);
    m_save->setEnabled(false);
    auto* attachmentsLayout = new QVBoxLayout(attachmentsPage);
    attachmentsLayout->addWidget(m_attachments);
    auto* saveRow = new QHBoxLayout;
    saveRow->addStretch();
    saveRow->addWidget(m_save);
    attachmentsLayout->addLayout(saveRow);
    m_source = new QPlainTextEdit(this);
    m_source->setReadOnly(true);
    m_source->setFont(mono);
    m_source->setLineWrapMode(QPlainTextEdit::NoWrap);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_text, tr("Text"));
    m_tabs->addTab(m_html, tr("HTML"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(attachmentsPage, tr("Attachments"));
    m_tabs->addTab(m_source, tr("Source"));

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(m_tabs, 1);

    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    auto* folder = new QLabel(tr("Mail caught in %1").arg(QDir::toNativeSeparators(m_root)), this);
    folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* top = new QHBoxLayout;
    top->addWidget(folder, 1);
    top->addWidget(refreshButton);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(refreshButton, &QPushButton::clicked, this, &CaughtMailView::refresh);
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this] { showMessage(currentIndex()); });
    connect(m_attachments, &QListWidget::currentRowChanged, this,
            [this](int row) { m_save->setEnabled(row >= 0); });
    connect(m_attachments, &QListWidget::itemDoubleClicked, this,
            &CaughtMailView::saveSelectedAttachment);
    connect(m_save, &QPushButton::clicked, this, &CaughtMailView::saveSelectedAttachment);

    // New mail lands in new/: look again shortly after the folder changes.
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(200);
    connect(&m_refreshSoon, &QTimer::timeout, this, &CaughtMailView::refresh);
    (void)connectors::catcher::Maildir(m_root).ensure(); // the watcher needs the folders
    m_watcher.addPaths({m_root + QStringLiteral("/new"), m_root + QStringLiteral("/cur")});
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_refreshSoon,
            qOverload<>(&QTimer::start));
    refresh();
}

int CaughtMailView::currentIndex() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toInt() : -1;
}

void CaughtMailView::setCurrentIndex(int index)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_list->topLevelItem(row);
        if (item->data(0, Qt::UserRole).toInt() == index) {
            m_list->setCurrentItem(item);
            return;
        }
    }
    m_list->setCurrentItem(nullptr);
}

void CaughtMailView::refresh()
{
    const int current = currentIndex();
    const QString currentId = current >= 0 ? m_mail.at(current).id : QString();
    m_mail = CaughtMail::loadAll(m_root);
    const QSignalBlocker block(m_list);
    m_list->clear();
    QTreeWidgetItem* select = nullptr;
    // Newest first, as a mail client lists them.
    for (int i = int(m_mail.size()) - 1; i >= 0; --i) {
        const CaughtMail& mail = m_mail.at(i);
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, mail.from);
        item->setText(1, mail.to.join(QStringLiteral(", ")));
        item->setText(2, mail.subject.isEmpty() ? tr("(no subject)") : mail.subject);
        item->setText(3, QLocale().toString(mail.date.toLocalTime(), QLocale::ShortFormat));
        item->setData(0, Qt::UserRole, i);
        item->setToolTip(2, mail.subject);
        if (mail.id == currentId)
            select = item;
    }
    if (!select && m_list->topLevelItemCount() > 0 && current < 0)
        select = m_list->topLevelItem(0);
    m_list->setCurrentItem(select);
    showMessage(currentIndex());
}

void CaughtMailView::showMessage(int index)
{
    m_headers->clear();
    m_attachments->clear();
    m_save->setEnabled(false);
    if (index < 0 || index >= m_mail.size()) {
        m_summary->setText(m_mail.isEmpty() ? tr("No mail caught yet.") : QString());
        m_text->clear();
        m_html->clear();
        m_source->clear();
        return;
    }
    const CaughtMail& mail = m_mail.at(index);
    m_summary->setText(tr("<b>%1</b><br>From: %2<br>To: %3")
                           .arg(mail.subject.toHtmlEscaped(), mail.from.toHtmlEscaped(),
                                mail.to.join(QStringLiteral(", ")).toHtmlEscaped()));
    for (const auto& [name, value] : mail.headers)
        new QTreeWidgetItem(m_headers, {name, value});
    m_headers->resizeColumnToContents(0);
    m_text->setPlainText(mail.text);
    m_html->setHtml(mail.html);
    for (const CaughtMail::Attachment& a : mail.attachments) {
        const QString name =
            a.fileName.isEmpty() ? tr("(unnamed %1)").arg(a.contentType) : a.fileName;
        m_attachments->addItem(tr("%1 — %2, %3 bytes").arg(name, a.contentType).arg(a.data.size()));
    }
    m_tabs->setTabEnabled(m_tabs->indexOf(m_html), !mail.html.isEmpty());
    m_tabs->setTabText(m_tabs->indexOf(m_attachments->parentWidget()),
                       tr("Attachments (%1)").arg(mail.attachments.size()));
    // Raw bytes as Latin-1 would garble UTF-8 headers of SMTPUTF8 mail.
    m_source->setPlainText(QString::fromUtf8(mail.raw));
}

bool CaughtMailView::saveAttachment(int index, const QString& path, QString* error)
{
    const int current = currentIndex();
    if (current < 0 || index < 0 || index >= m_mail.at(current).attachments.size()) {
        if (error)
            *error = tr("no such attachment");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(m_mail.at(current).attachments.at(index).data) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void CaughtMailView::saveSelectedAttachment()
{
    const int row = m_attachments->currentRow();
    const int current = currentIndex();
    if (row < 0 || current < 0)
        return;
    const CaughtMail::Attachment& a = m_mail.at(current).attachments.at(row);
    // Only the file name part: a hostile name must not choose the folder.
    const QString suggested = QFileInfo(a.fileName).fileName();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save attachment"),
        QDir::home().filePath(suggested.isEmpty() ? QStringLiteral("attachment") : suggested));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveAttachment(row, path, &error))
        QMessageBox::warning(this, tr("Save attachment"),
                             tr("Could not save %1: %2").arg(path, error));
}

QVariant CaughtMailView::HtmlView::loadResource(int type, const QUrl& name)
{
    if (name.scheme().compare(QLatin1String("cid"), Qt::CaseInsensitive) == 0) {
        const int current = m_owner->currentIndex();
        if (current < 0)
            return {};
        for (const CaughtMail::Attachment& a : m_owner->m_mail.at(current).attachments) {
            if (a.contentId == name.path()) {
                if (type == QTextDocument::ImageResource)
                    return QImage::fromData(a.data);
                return a.data;
            }
        }
    }
    return {}; // nothing remote, nothing from disk
}

} // namespace designer
