#include "designer/mainwindow/CodeView.h"

#include "designer/document/WorkflowDocument.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QTextBlock>
#include <QVBoxLayout>

namespace designer {

CodeView::CodeView(WorkflowDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document)
{
    setObjectName(QStringLiteral("codeView"));
    connect(m_document, &WorkflowDocument::changed, this, &CodeView::documentChanged);
}

void CodeView::build()
{
    if (m_editor)
        return;
    m_editor = new QPlainTextEdit(this);
    m_apply = new QPushButton(tr("Apply"), this);
    m_reload = new QPushButton(tr("Discard edits"), this);
    m_status = new QLabel(this);
    m_editor->setObjectName(QStringLiteral("codeEditor"));
    m_apply->setObjectName(QStringLiteral("codeApply"));
    m_reload->setObjectName(QStringLiteral("codeReload"));
    m_status->setObjectName(QStringLiteral("codeStatus"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(false);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apply->setDefault(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_reload);
    bar->addWidget(m_apply);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_editor, 1);
    layout->addLayout(bar);

    connect(m_apply, &QPushButton::clicked, this, &CodeView::apply);
    connect(m_reload, &QPushButton::clicked, this, &CodeView::reload);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_pending = true;
        showStatus(tr("Edited; Apply to update the designer."), false);
    });
    m_outOfDate = true;
}

QPlainTextEdit* CodeView::editor() const
{
    // Made on first use; callers see the same editor whenever they ask.
    const_cast<CodeView*>(this)->build();
    return m_editor;
}

void CodeView::documentChanged()
{
    // Follow the designer unless the person is in the middle of an edit here.
    if (m_pending)
        return;
    if (isVisible())
        reload();
    else
        m_outOfDate = true;
}

void CodeView::showEvent(QShowEvent* event)
{
    build();
    if (m_outOfDate && !m_pending)
        reload();
    QWidget::showEvent(event);
}

QString CodeView::statusText() const
{
    return m_status ? m_status->text() : QString();
}

void CodeView::showStatus(const QString& text, bool error)
{
    build();
    m_status->setText(text);
    m_status->setProperty("error", error);
    // Errors in the designer's error red, readable on light and dark; other
    // messages inherit the window's colours (and follow a theme change).
    QPalette palette;
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xc4, 0x31, 0x4b));
    m_status->setPalette(palette);
}

void CodeView::reload()
{
    build();
    m_loading = true;
    m_editor->setPlainText(QString::fromUtf8(m_document->definitionJson()));
    m_loading = false;
    m_pending = false;
    m_outOfDate = false;
    showStatus(QString(), false);
}

bool CodeView::apply()
{
    build();
    const engine::Status result = m_document->setDefinitionJson(m_editor->toPlainText().toUtf8());
    if (!result) {
        const QString message = result.error().toString();
        showStatus(tr("Not applied. %1").arg(message), true);
        // Put the cursor where the parser stopped.
        static const QRegularExpression where(QStringLiteral("line (\\d+), column (\\d+)"));
        const QRegularExpressionMatch match = where.match(message);
        if (match.hasMatch()) {
            const int line = match.captured(1).toInt();
            const int column = match.captured(2).toInt();
            const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
            if (block.isValid()) {
                QTextCursor cursor(block);
                cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                                    qMin(column - 1, block.length() - 1));
                m_editor->setTextCursor(cursor);
                m_editor->setFocus();
            }
        }
        return false;
    }
    m_pending = false;
    reload();
    showStatus(tr("Applied."), false);
    Q_EMIT applied();
    return true;
}

} // namespace designer
