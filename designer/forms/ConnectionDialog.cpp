#include "designer/forms/ConnectionDialog.h"

#include "designer/forms/ConnectionTestView.h"
#include "designer/forms/ProjectConnections.h"
#include "engine/connections/Connections.h"
#include "engine/connections/SecretStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace designer {
namespace {

const QString kTlsNames[] = {QStringLiteral("none"), QStringLiteral("starttls"),
                             QStringLiteral("implicit")};

} // namespace

ConnectionDialog::ConnectionDialog(ProjectConnections* connections, engine::SecretStore* secrets,
                                   const QString& connector, QWidget* parent)
    : QDialog(parent), m_connections(connections), m_secrets(secrets), m_connector(connector)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("New SMTP connection"));
    auto* column = new QVBoxLayout(this);
    column->setSpacing(10);
    // Grows when the warning, the error or the test view appear.
    column->setSizeConstraint(QLayout::SetMinimumSize);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("connectionName"));
    m_name->setPlaceholderText(tr("e.g. office-mail"));
    form->addRow(tr("Name"), m_name);

    m_server = new QLineEdit(this);
    m_server->setObjectName(QStringLiteral("serverAddress"));
    m_server->setPlaceholderText(tr("smtp.example.com"));
    form->addRow(tr("Server"), m_server);

    auto* portRow = new QHBoxLayout;
    m_tls = new QComboBox(this);
    m_tls->setObjectName(QStringLiteral("tlsMode"));
    m_tls->addItem(tr("None (plain text)"));
    m_tls->addItem(tr("STARTTLS"));
    m_tls->addItem(tr("Implicit TLS"));
    m_tls->setCurrentIndex(1);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(defaultPort(TlsMode::StartTls));
    portRow->addWidget(m_tls, 1);
    portRow->addWidget(new QLabel(tr("Port"), this));
    portRow->addWidget(m_port);
    form->addRow(tr("Security"), portRow);

    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("userName"));
    m_user->setPlaceholderText(tr("empty: no login"));
    form->addRow(tr("User"), m_user);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in the system keychain"));
    form->addRow(tr("Password"), m_password);
    m_auth = new QComboBox(this);
    m_auth->setObjectName(QStringLiteral("authType"));
    m_auth->addItem(tr("Automatic (strongest offered)"), QStringLiteral("auto"));
    m_auth->addItem(QStringLiteral("PLAIN"), QStringLiteral("plain"));
    m_auth->addItem(QStringLiteral("LOGIN"), QStringLiteral("login"));
    m_auth->addItem(QStringLiteral("CRAM-MD5"), QStringLiteral("cram-md5"));
    form->addRow(tr("Login method"), m_auth);

    m_trust = new QComboBox(this);
    m_trust->setObjectName(QStringLiteral("trust"));
    m_trust->addItem(tr("System certificates"));
    m_trust->addItem(tr("Certificate authority file…"));
    m_trust->addItem(tr("Pinned certificate (SHA-256)"));
    m_trust->addItem(tr("Accept any certificate (insecure)"));
    m_trustValue = new QLineEdit(this);
    m_trustValue->setObjectName(QStringLiteral("trustValue"));
    m_trustValue->hide();
    auto* trustColumn = new QVBoxLayout;
    trustColumn->setSpacing(4);
    trustColumn->addWidget(m_trust);
    trustColumn->addWidget(m_trustValue);
    // Plain lines rather than word wrap: a wrapped label in a form row is
    // given too little height.
    m_insecure = new QLabel(tr("⚠ The server's identity is not checked: anyone on the way can\n"
                               "read the password and the mail. Use only for a test server."),
                            this);
    m_insecure->setObjectName(QStringLiteral("insecureWarning"));
    m_insecure->setStyleSheet(
        QStringLiteral("color: #a4262c; background: rgba(196,49,75,0.10); border: 1px solid "
                       "rgba(196,49,75,0.45); border-radius: 4px; padding: 5px;"));
    m_insecure->hide();
    trustColumn->addWidget(m_insecure);
    form->addRow(tr("Certificate"), trustColumn);
    column->addLayout(form);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("connectionError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c4314b;"));
    m_error->hide();
    column->addWidget(m_error);

    auto* testRow = new QHBoxLayout;
    m_testButton = new QPushButton(tr("Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testButton->setAutoDefault(false);
    testRow->addWidget(m_testButton);
    testRow->addStretch(1);
    column->addLayout(testRow);
    m_testView = new ConnectionTestView(this);
    m_testView->hide();
    column->addWidget(m_testView, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    column->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(m_tls, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onTlsChanged);
    connect(m_trust, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onTrustChanged);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionDialog::runTest);
    resize(520, sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

int ConnectionDialog::defaultPort(TlsMode mode)
{
    switch (mode) {
    case TlsMode::None:
        return 25; // RFC 5321 4.5.4 relay port
    case TlsMode::StartTls:
        return 587; // RFC 6409 submission, upgraded with STARTTLS (RFC 3207)
    case TlsMode::Implicit:
        return 465; // RFC 8314 3.3 submissions
    }
    return 587;
}

QString ConnectionDialog::passwordSetting(const QString& connectionName)
{
    return engine::Connections::settingName(connectionName, QStringLiteral("password"));
}

void ConnectionDialog::onTlsChanged()
{
    // The port follows the mode until the person sets one of their own.
    const int next = defaultPort(TlsMode(m_tls->currentIndex()));
    if (m_port->value() == m_lastDefaultPort || m_port->value() == 25 || m_port->value() == 587 ||
        m_port->value() == 465)
        m_port->setValue(next);
    m_lastDefaultPort = next;
}

void ConnectionDialog::onTrustChanged()
{
    const Trust trust = Trust(m_trust->currentIndex());
    m_trustValue->setVisible(trust == Trust::CaFile || trust == Trust::Pin);
    m_trustValue->setPlaceholderText(trust == Trust::CaFile
                                         ? tr("Path of a PEM file with the authority's certificate")
                                         : tr("SHA-256 of the server certificate (hex)"));
    m_insecure->setVisible(trust == Trust::AcceptAny);
}

void ConnectionDialog::load(const QString& name)
{
    const QJsonObject p = m_connections->parameters(name);
    m_loadedName = name;
    setWindowTitle(tr("Connection “%1”").arg(name));
    m_name->setText(name);
    m_server->setText(p.value(QStringLiteral("serverAddress")).toString());
    QString tls = p.value(QStringLiteral("tlsMode")).toString().toLower();
    const int port = p.value(QStringLiteral("port")).toVariant().toInt();
    if (tls.isEmpty()) // Logic Apps' enableSSL: STARTTLS, or implicit TLS on 465
        tls = !p.value(QStringLiteral("enableSSL")).toBool() ? QStringLiteral("none")
              : port == 465                                  ? QStringLiteral("implicit")
                                                             : QStringLiteral("starttls");
    for (int i = 0; i < 3; ++i) {
        if (kTlsNames[i] == tls)
            m_tls->setCurrentIndex(i);
    }
    if (port > 0)
        m_port->setValue(port);
    m_user->setText(p.value(QStringLiteral("userName")).toString());
    m_existingPasswordRef = p.value(QStringLiteral("password")).toString();
    if (!m_existingPasswordRef.isEmpty())
        m_password->setPlaceholderText(tr("unchanged (kept in the system keychain)"));
    const int auth = m_auth->findData(p.value(QStringLiteral("authType")).toString().toLower());
    m_auth->setCurrentIndex(std::max(0, auth));
    if (p.value(QStringLiteral("acceptAnyCertificate")).toBool()) {
        m_trust->setCurrentIndex(int(Trust::AcceptAny));
    } else if (!p.value(QStringLiteral("caFile")).toString().isEmpty()) {
        m_trust->setCurrentIndex(int(Trust::CaFile));
        m_trustValue->setText(p.value(QStringLiteral("caFile")).toString());
    } else if (!p.value(QStringLiteral("pinSha256")).toString().isEmpty()) {
        m_trust->setCurrentIndex(int(Trust::Pin));
        m_trustValue->setText(p.value(QStringLiteral("pinSha256")).toString());
    }
}

QString ConnectionDialog::connectionName() const
{
    return m_savedName;
}

QJsonObject ConnectionDialog::parameterValues() const
{
    const TlsMode mode = TlsMode(m_tls->currentIndex());
    QJsonObject p;
    p.insert(QStringLiteral("serverAddress"), m_server->text().trimmed());
    p.insert(QStringLiteral("port"), m_port->value());
    // Logic Apps reads enableSSL; tlsMode says which kind exactly.
    p.insert(QStringLiteral("enableSSL"), mode != TlsMode::None);
    p.insert(QStringLiteral("tlsMode"), kTlsNames[int(mode)]);
    const QString user = m_user->text().trimmed();
    if (!user.isEmpty()) {
        p.insert(QStringLiteral("userName"), user);
        const QString name = m_name->text().trimmed();
        const bool keepOld = m_password->text().isEmpty() && !m_existingPasswordRef.isEmpty() &&
                             name == m_loadedName;
        p.insert(QStringLiteral("password"),
                 keepOld ? m_existingPasswordRef
                         : QString(QStringLiteral("@appsetting('") + passwordSetting(name) +
                                   QStringLiteral("')")));
        if (m_auth->currentIndex() > 0)
            p.insert(QStringLiteral("authType"), m_auth->currentData().toString());
    }
    switch (Trust(m_trust->currentIndex())) {
    case Trust::System:
        break;
    case Trust::CaFile:
        p.insert(QStringLiteral("caFile"), m_trustValue->text().trimmed());
        break;
    case Trust::Pin:
        p.insert(QStringLiteral("pinSha256"), m_trustValue->text().trimmed());
        break;
    case Trust::AcceptAny:
        p.insert(QStringLiteral("acceptAnyCertificate"), true);
        break;
    }
    return p;
}

QJsonObject ConnectionDialog::testParameters() const
{
    QJsonObject p = parameterValues();
    if (!p.contains(QStringLiteral("userName")))
        return p;
    QString password = m_password->text();
    if (password.isEmpty() && m_secrets && !m_existingPasswordRef.isEmpty()) {
        // The stored password of the connection being edited.
        static const QRegularExpression ref(QStringLiteral("^@appsetting\\('([^']+)'\\)$"));
        const auto match = ref.match(m_existingPasswordRef);
        if (match.hasMatch()) {
            const auto stored = m_secrets->read(match.captured(1));
            if (stored.ok())
                password = stored.value();
        }
    }
    p.insert(QStringLiteral("password"), password);
    return p;
}

QString ConnectionDialog::problem(QWidget** field) const
{
    static const QRegularExpression nameRule(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        *field = m_name;
        return tr("Give the connection a name.");
    }
    if (!nameRule.match(name).hasMatch()) {
        *field = m_name;
        return tr("The name may use letters, digits, '-', '_' and '.', and starts with a letter "
                  "or digit.");
    }
    if (name != m_loadedName && m_connections->contains(name)) {
        *field = m_name;
        return tr("A connection named “%1” exists already; choose another name.").arg(name);
    }
    const QString server = m_server->text().trimmed();
    if (server.isEmpty() || server.contains(QLatin1Char(' ')) ||
        server.contains(QLatin1Char('/'))) {
        *field = m_server;
        return tr("Enter the server's host name or address, e.g. smtp.example.com.");
    }
    const TlsMode mode = TlsMode(m_tls->currentIndex());
    if (mode == TlsMode::StartTls && m_port->value() == 465) {
        *field = m_tls;
        return tr("Port 465 expects TLS from the first byte; choose 'Implicit TLS' or use port "
                  "587 with STARTTLS.");
    }
    if (!m_user->text().trimmed().isEmpty() && m_password->text().isEmpty() &&
        (m_existingPasswordRef.isEmpty() || name != m_loadedName)) {
        *field = m_password;
        return tr("Enter the password for %1.").arg(m_user->text().trimmed());
    }
    const Trust trust = Trust(m_trust->currentIndex());
    if ((trust == Trust::CaFile || trust == Trust::Pin) &&
        m_trustValue->text().trimmed().isEmpty()) {
        *field = m_trustValue;
        return trust == Trust::CaFile ? tr("Enter the path of the certificate authority file.")
                                      : tr("Enter the SHA-256 fingerprint of the certificate.");
    }
    *field = nullptr;
    return {};
}

void ConnectionDialog::runTest()
{
    QWidget* field = nullptr;
    const QString error = problem(&field);
    // A test needs no name yet; everything else must be there.
    if (!error.isEmpty() && field != m_name) {
        m_error->setText(error);
        m_error->show();
        field->setFocus();
        return;
    }
    m_error->hide();
    m_testView->show();
    m_testView->start(m_connector, testParameters());
}

void ConnectionDialog::accept()
{
    QWidget* field = nullptr;
    const QString error = problem(&field);
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        if (field)
            field->setFocus();
        return;
    }
    const QString name = m_name->text().trimmed();
    const QJsonObject params = parameterValues();
    if (!m_password->text().isEmpty()) {
        if (!m_secrets) {
            m_error->setText(tr("There is no keychain to keep the password in."));
            m_error->show();
            return;
        }
        const engine::Status stored = m_secrets->write(passwordSetting(name), m_password->text());

        if (!stored) {
            m_error->setText(tr("The password could not be stored in the keychain: %1")
                                 .arg(stored.error().message));
            m_error->show();
            return;
        }
    }
    engine::ConnectionInfo info;
    info.name = name;
    info.displayName =
        m_connections->displayName(name).isEmpty() ? name : m_connections->displayName(name);
    info.kind = engine::ConnectionInfo::Kind::ServiceProvider;
    // Logic Apps' built-in providers are spelled "/serviceProviders/Smtp".
    QString provider = m_connector;
    if (!provider.isEmpty())
        provider[0] = provider[0].toUpper();
    info.serviceProviderId = QStringLiteral("/serviceProviders/") + provider;
    info.parameterValues = params;
    const engine::Status written = m_connections->put(info, m_secrets);
    if (!written) {
        m_error->setText(written.error().message);
        m_error->show();
        return;
    }
    m_testView->cancel();
    m_savedName = name;
    QDialog::accept();
}

void ConnectionDialog::reject()
{
    m_testView->cancel();
    QDialog::reject();
}

} // namespace designer
