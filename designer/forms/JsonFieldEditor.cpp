#include "designer/forms/JsonFieldEditor.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QPlainTextEdit>

namespace designer {

JsonFieldEditor::JsonFieldEditor(const engine::PropertySchema& schema, QWidget* parent)
    : FieldEditor(schema, parent)
{
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(QStringLiteral("json_") + schema.key);
    m_edit->setTabChangesFocus(true);
    m_edit->setPlaceholderText(QStringLiteral("{ }"));
    m_edit->setMaximumHeight(140);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_edit->setFont(mono);
    setContent(m_edit);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        const QByteArray text = m_edit->toPlainText().trimmed().toUtf8();
        if (text.isEmpty()) {
            m_value = QJsonValue(QJsonValue::Undefined);
            setSyntaxError(QString());
            Q_EMIT edited();
            return;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            setSyntaxError(error.error != QJsonParseError::NoError
                               ? tr("Not valid JSON at character %1: %2")
                                     .arg(error.offset + 1)
                                     .arg(error.errorString())
                               : tr("Expected a JSON object { … }"));
            return; // not applied until it parses
        }
        setSyntaxError(QString());
        m_value = doc.object();
        Q_EMIT edited();
    });
}

QJsonValue JsonFieldEditor::value() const
{
    return m_value;
}

void JsonFieldEditor::setValue(const QJsonValue& value)
{
    m_value = value;
    const QSignalBlocker block(m_edit);
    m_edit->setPlainText(
        value.isObject()
            ? QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented))
            : QString());
}

} // namespace designer
