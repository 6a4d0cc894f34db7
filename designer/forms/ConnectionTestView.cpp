#include "designer/forms/ConnectionTestView.h"

#include "designer/runs/RunModule.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace designer {
namespace {

QString directionText(const QString& dir)
{
    if (dir == QLatin1String("C"))
        return QStringLiteral("→"); // we sent
    if (dir == QLatin1String("S"))
        return QStringLiteral("←"); // the server answered
    return QStringLiteral("·");     // a note of ours (TLS handshake, timing)
}

} // namespace

ConnectionTestView::ConnectionTestView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("connectionTestView"));
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(6);

    auto* head = new QHBoxLayout;
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("testVerdict"));
    m_verdict->setWordWrap(true);
    QFont bold = m_verdict->font();
    bold.setWeight(QFont::DemiBold);
    m_verdict->setFont(bold);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // busy, no percentage
    m_busy->setMaximumWidth(90);
    m_busy->setMaximumHeight(10);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("testStage"));
    m_cancel = new QPushButton(tr("Stop"), this);
    m_cancel->setObjectName(QStringLiteral("stopTestButton"));
    m_cancel->hide();
    head->addWidget(m_verdict, 1);
    head->addWidget(m_stage);
    head->addWidget(m_busy);
    head->addWidget(m_cancel);
    column->addLayout(head);

    m_diagnosis = new QLabel(this);
    m_diagnosis->setObjectName(QStringLiteral("testDiagnosis"));
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_diagnosis->hide();
    column->addWidget(m_diagnosis);
    m_tls = new QLabel(this);
    m_tls->setObjectName(QStringLiteral("testTls"));
    m_tls->setWordWrap(true);
    m_tls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tls->hide();
    column->addWidget(m_tls);

    m_transcript = new QTreeWidget(this);
    m_transcript->setObjectName(QStringLiteral("testTranscript"));
    m_transcript->setColumnCount(3);
    m_transcript->setHeaderLabels({QString(), tr("ms"), tr("Line")});
    m_transcript->setRootIsDecorated(false);
    m_transcript->setUniformRowHeights(true);
    m_transcript->setAlternatingRowColors(true);
    m_transcript->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_transcript->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_transcript->header()->setStretchLastSection(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(font().pointSizeF() * 0.92);
    m_transcript->setFont(mono);
    m_transcript->setMinimumHeight(140);
    column->addWidget(m_transcript, 1);

    connect(m_cancel, &QPushButton::clicked, this, &ConnectionTestView::cancel);
}

ConnectionTestView::~ConnectionTestView() = default;

bool ConnectionTestView::start(const QString& connector, const QJsonObject& connection)
{
    cancel();
    m_transcript->clear();
    m_diagnosis->hide();
    m_tls->hide();
    // The connectors' tests come with the run module (they use the network).
    QString unavailable;
    if (!RunModule::services(&unavailable)) {
        setVerdict(tr("Cannot test the connection: %1.").arg(unavailable), QString());
        return false;
    }
    m_tester = engine::ConnectionTester::create(connector, connection);
    if (!m_tester) {
        setVerdict(tr("This connector offers no connection test."), QString());
        return false;
    }
    connect(m_tester.get(), &engine::ConnectionTester::transcriptLine, this,
            &ConnectionTestView::addLine);
    connect(m_tester.get(), &engine::ConnectionTester::stageChanged, this,
            [this](const QString& stage) { m_stage->setText(stage); });
    connect(m_tester.get(), &engine::ConnectionTester::finished, this,
            &ConnectionTestView::onFinished);
    setVerdict(tr("Testing…"), QString());
    m_busy->show();
    m_cancel->show();
    m_tester->start();
    return true;
}

void ConnectionTestView::cancel()
{
    if (!m_tester)
        return;
    // Deleting the tester cancels it; it must not report afterwards.
    std::unique_ptr<engine::ConnectionTester> tester = std::move(m_tester);
    tester->disconnect(this);
    tester->cancel();
    m_busy->hide();
    m_cancel->hide();
    m_stage->clear();
    setVerdict(tr("Test stopped."), QString());
    tester.release()->deleteLater();
}

void ConnectionTestView::addLine(const QJsonObject& entry)
{
    auto* item = new QTreeWidgetItem(m_transcript);
    const QString dir = entry.value(QStringLiteral("dir")).toString();
    item->setText(0, directionText(dir));
    item->setText(1, QString::number(entry.value(QStringLiteral("ms")).toInteger()));
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    item->setText(2, entry.value(QStringLiteral("line")).toString());
    item->setData(0, Qt::UserRole, dir);
    if (dir == QLatin1String("i"))
        item->setForeground(2, palette().color(QPalette::PlaceholderText));
    m_transcript->scrollToItem(item);
}

void ConnectionTestView::onFinished(const engine::ConnectionTestOutcome& outcome)
{
    // The tester emits finished() once; let it unwind before it goes.
    if (m_tester)
        m_tester.release()->deleteLater();
    m_busy->hide();
    m_cancel->hide();
    m_stage->clear();
    // Lines not already shown live (a tester may report only at the end).
    if (m_transcript->topLevelItemCount() == 0) {
        for (const QJsonValue& v : outcome.transcript)
            addLine(v.toObject());
    }
    const QString verdict = outcome.verdict.isEmpty()
                                ? (outcome.ok ? tr("Connection works.") : tr("Connection failed."))
                                : outcome.verdict;
    setVerdict((outcome.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + verdict,
               outcome.ok ? QStringLiteral("#107c10") : QStringLiteral("#c4314b"));
    m_diagnosis->setText(outcome.diagnosis);
    m_diagnosis->setVisible(!outcome.diagnosis.isEmpty());

    const QJsonObject& tls = outcome.tls;
    if (!tls.isEmpty()) {
        QStringList parts;
        const auto add = [&](const QString& label, const QString& key) {
            const QString v = tls.value(key).toVariant().toString();
            if (!v.isEmpty())
                parts.append(label + QStringLiteral(": ") + v);
        };
        add(tr("Protocol"), QStringLiteral("protocol"));
        add(tr("Cipher"), QStringLiteral("cipher"));
        add(tr("Certificate"), QStringLiteral("subject"));
        add(tr("Issued by"), QStringLiteral("issuer"));
        add(tr("Expires"), QStringLiteral("expires"));
        if (tls.contains(QStringLiteral("verified")))
            parts.append(tls.value(QStringLiteral("verified")).toBool()
                             ? tr("Certificate verified")
                             : tr("Certificate NOT verified"));
        for (const QJsonValue& e : tls.value(QStringLiteral("errors")).toArray())
            parts.append(tr("Problem: %1").arg(e.toString()));
        m_tls->setText(parts.join(QLatin1Char('\n')));
        m_tls->setVisible(!parts.isEmpty());
    }
    Q_EMIT finished(outcome);
}

void ConnectionTestView::setVerdict(const QString& text, const QString& colour)
{
    m_verdict->setText(text);
    m_verdict->setStyleSheet(colour.isEmpty() ? QString()
                                              : QStringLiteral("color: %1;").arg(colour));
}

QString ConnectionTestView::verdict() const
{
    return m_verdict->text();
}

QString ConnectionTestView::diagnosis() const
{
    return m_diagnosis->isHidden() ? QString() : m_diagnosis->text();
}

QString ConnectionTestView::tlsSummary() const
{
    return m_tls->isHidden() ? QString() : m_tls->text();
}

int ConnectionTestView::transcriptLines() const
{
    return m_transcript->topLevelItemCount();
}

QString ConnectionTestView::transcriptText() const
{
    QStringList lines;
    for (int i = 0; i < m_transcript->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_transcript->topLevelItem(i);
        lines.append(item->data(0, Qt::UserRole).toString() + QLatin1Char(' ') + item->text(2));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace designer
