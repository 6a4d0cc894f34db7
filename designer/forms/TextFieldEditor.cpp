#include "designer/forms/TextFieldEditor.h"

#include "designer/forms/DynamicContentButton.h"
#include "designer/forms/ExpressionEdit.h"
#include "designer/forms/ExpressionText.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace designer {

TextFieldEditor::TextFieldEditor(const engine::PropertySchema& schema, const FormContext& context,
                                 QWidget* parent)
    : FieldEditor(schema, parent)
{
    using T = engine::PropertyType;
    const bool multiLine = schema.type == T::Text || schema.type == T::Html;
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(3);

    m_edit = new ExpressionEdit(
        multiLine ? ExpressionEdit::Mode::MultiLine : ExpressionEdit::Mode::SingleLine, box);
    m_edit->setObjectName(QStringLiteral("edit_") + schema.key);
    m_edit->setPlaceholderText(schema.placeholder);
    m_edit->setToolTip(schema.description);
    m_picker = new DynamicContentButton(context.dynamicContent, box);

    if (schema.type == T::Html) {
        auto* tools = new QHBoxLayout;
        tools->setContentsMargins(0, 0, 0, 0);
        m_html = new QCheckBox(tr("HTML"), box);
        m_html->setObjectName(QStringLiteral("htmlToggle"));
        m_html->setToolTip(tr("Send the body as HTML"));
        m_previewButton = new QToolButton(box);
        m_previewButton->setObjectName(QStringLiteral("previewButton"));
        m_previewButton->setText(tr("Preview"));
        m_previewButton->setCheckable(true);
        m_previewButton->setAutoRaise(true);
        tools->addWidget(m_html);
        tools->addStretch(1);
        tools->addWidget(m_previewButton);
        tools->addWidget(m_picker);
        column->addLayout(tools);
        column->addWidget(m_edit);
        m_preview = new QTextBrowser(box);
        m_preview->setObjectName(QStringLiteral("bodyPreview"));
        m_preview->setOpenLinks(false);
        m_preview->setMinimumHeight(120);
        m_preview->hide();
        column->addWidget(m_preview);
        connect(m_previewButton, &QToolButton::toggled, this, [this](bool on) {
            m_preview->setVisible(on);
            updatePreview();
        });
        connect(m_html, &QCheckBox::toggled, this, &TextFieldEditor::updatePreview);
    } else {
        auto* row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(2);
        row->addWidget(m_edit, 1);
        row->addWidget(m_picker, 0, multiLine ? Qt::AlignTop : Qt::AlignVCenter);
        column->addLayout(row);
    }
    setContent(box, m_edit);

    connect(m_picker, &DynamicContentButton::tokenChosen, m_edit, &ExpressionEdit::insertToken);
    connect(m_edit, &ExpressionEdit::textEdited, this, [this] {
        updatePreview();
        Q_EMIT edited();
    });
    connect(m_edit, &ExpressionEdit::syntaxErrorChanged, this, &TextFieldEditor::setSyntaxError);
}

QJsonValue TextFieldEditor::value() const
{
    const QString text = m_edit->text();
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    if (schema().type == engine::PropertyType::Integer) {
        bool ok = false;
        const qint64 n = text.trimmed().toLongLong(&ok);
        if (ok)
            return QJsonValue(n);
    }
    return text;
}

void TextFieldEditor::setValue(const QJsonValue& value)
{
    QString text;
    switch (value.type()) {
    case QJsonValue::String:
        text = value.toString();
        break;
    case QJsonValue::Double:
        text = QString::number(value.toDouble(), 'g', 17);
        break;
    case QJsonValue::Bool:
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case QJsonValue::Array:
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Object:
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    default:
        break;
    }
    m_edit->setText(text);
    updatePreview();
}

void TextFieldEditor::updatePreview()
{
    if (!m_preview || !m_preview->isVisible())
        return;
    // Tokens are shown by their labels, as a reader would see placeholders.
    QString shown;
    const bool html = m_html && m_html->isChecked();
    for (const auto& s : ExpressionText::split(m_edit->text())) {
        if (s.kind == ExpressionText::Segment::Kind::Text) {
            shown += html ? s.text : s.text.toHtmlEscaped();
        } else {
            shown += QStringLiteral("<span style=\"background:#dbe9f7;color:#1b3a57\">&lt;") +
                     ExpressionText::label(s.text).toHtmlEscaped() + QStringLiteral("&gt;</span>");
        }
    }
    if (!html)
        shown = QStringLiteral("<div style=\"white-space:pre-wrap\">") + shown +
                QStringLiteral("</div>");
    m_preview->setHtml(shown);
}

} // namespace designer
