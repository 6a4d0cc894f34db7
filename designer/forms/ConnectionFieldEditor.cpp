#include "designer/forms/ConnectionFieldEditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QToolButton>

namespace designer {

ConnectionFieldEditor::ConnectionFieldEditor(const engine::PropertySchema& schema,
                                             const FormContext& context, QWidget* parent)
    : FieldEditor(schema, parent), m_context(context)
{
    auto* box = new QWidget(this);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    m_combo = new QComboBox(box);
    m_combo->setObjectName(QStringLiteral("connectionCombo"));
    m_combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_new = new QToolButton(box);
    m_new->setObjectName(QStringLiteral("newConnectionButton"));
    m_new->setText(tr("New…"));
    m_new->setToolTip(tr("Create a connection"));
    m_edit = new QToolButton(box);
    m_edit->setObjectName(QStringLiteral("editConnectionButton"));
    m_edit->setText(tr("Edit…"));
    m_edit->setToolTip(tr("Change the chosen connection or test it"));
    row->addWidget(m_combo, 1);
    row->addWidget(m_new);
    row->addWidget(m_edit);
    setContent(box, m_combo);

    connect(m_combo, &QComboBox::activated, this, [this] {
        m_value = m_combo->currentData().toString();
        m_edit->setEnabled(!m_value.isEmpty());
        Q_EMIT edited();
    });
    connect(m_new, &QToolButton::clicked, this, &ConnectionFieldEditor::newConnectionRequested);
    connect(m_edit, &QToolButton::clicked, this,
            [this] { Q_EMIT editConnectionRequested(m_value); });
    reload();
}

void ConnectionFieldEditor::reload()
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    m_combo->addItem(tr("(choose a connection)"), QString());
    const auto connections = m_context.connections ? m_context.connections(m_context.connector)
                                                   : QList<std::pair<QString, QString>>();
    bool found = m_value.isEmpty();
    for (const auto& [name, display] : connections) {
        const QString shown = display.isEmpty() || display == name
                                  ? name
                                  : display + QStringLiteral("  (") + name + QLatin1Char(')');
        m_combo->addItem(shown, name);
        found = found || name == m_value;
    }
    // A name the file does not have stays visible (the form flags it).
    if (!found)
        m_combo->addItem(m_value, m_value);
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(m_value)));
    m_edit->setEnabled(!m_value.isEmpty());
}

QJsonValue ConnectionFieldEditor::value() const
{
    return m_value.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(m_value);
}

void ConnectionFieldEditor::setValue(const QJsonValue& value)
{
    m_value = value.toString();
    reload();
}

} // namespace designer
