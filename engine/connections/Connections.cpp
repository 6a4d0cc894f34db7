#include "engine/connections/Connections.h"

#include "engine/connections/SecretStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace engine {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::Connections", text);
}

const QString kServiceProviders = QStringLiteral("serviceProviderConnections");
const QString kManaged = QStringLiteral("managedApiConnections");

// Whole-value @appsetting('X') and @{appsetting('X')} inside text.
const QRegularExpression& wholeSetting()
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*@\\s*appsetting\\(\\s*'((?:[^']|'')*)'\\s*\\)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression& embeddedSetting()
{
    static const QRegularExpression re(
        QStringLiteral("@\\{\\s*appsetting\\(\\s*'((?:[^']|'')*)'\\s*\\)\\s*\\}"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

Connections::Connections()
{
    m_root = OrderedJson::object();
    m_root.insert(kServiceProviders, OrderedJson::object());
    m_format.finalNewline = true;
}

Result<Connections> Connections::parse(const QByteArray& text)
{
    Connections c;
    Result<OrderedJson> tree = OrderedJson::parse(text, &c.m_format);
    if (!tree)
        return tree.error();
    if (!tree->isObject())
        return Error{QString(), tr("connections.json must hold a JSON object"), 400};
    if (tree->contains(QStringLiteral("definition")) ||
        tree->contains(QStringLiteral("triggers")) || tree->contains(QStringLiteral("actions")))
        return Error{QString(), tr("this is a workflow definition, not a connections.json file"),
                     400};
    for (const QString& section : {kServiceProviders, kManaged}) {
        const OrderedJson* s = tree->find(section);
        if (!s)
            continue;
        if (!s->isObject())
            return Error{section, tr("must be an object of connections by name"), 400};
        for (const OrderedJson::Member& m : s->members()) {
            if (!m.value.isObject())
                return Error{section + QLatin1Char('.') + m.key,
                             tr("a connection must be a JSON object"), 400};
            const OrderedJson* params = m.value.find(QStringLiteral("parameterValues"));
            if (params && !params->isObject())
                return Error{section + QLatin1Char('.') + m.key +
                                 QStringLiteral(".parameterValues"),
                             tr("must be an object of parameter values"), 400};
        }
    }
    c.m_armTemplate = !tree->contains(kServiceProviders) && !tree->contains(kManaged) &&
                      tree->find(QStringLiteral("resources")) &&
                      tree->find(QStringLiteral("resources"))->isArray();
    c.m_root = std::move(tree.value());
    return c;
}

QList<ConnectionInfo> Connections::armConnections() const
{
    QList<ConnectionInfo> out;
    const OrderedJson* resources = m_root.find(QStringLiteral("resources"));
    if (!m_armTemplate || !resources || !resources->isArray())
        return out;
    for (const OrderedJson& r : resources->items()) {
        if (r.value(QStringLiteral("type"))
                .toString()
                .compare(QLatin1String("Microsoft.Web/connections"), Qt::CaseInsensitive) != 0)
            continue;
        const QJsonObject props = r.value(QStringLiteral("properties")).toObject();
        ConnectionInfo info;
        info.kind = ConnectionInfo::Kind::ManagedApi;
        info.name = r.value(QStringLiteral("name")).toString();
        info.displayName = props.value(QLatin1String("displayName")).toString();
        info.parameterValues = props.value(QLatin1String("parameterValues")).toObject();
        info.apiId =
            props.value(QLatin1String("api")).toObject().value(QLatin1String("id")).toString();
        out.append(info);
    }
    return out;
}

Result<Connections> Connections::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path, tr("cannot open the file: %1").arg(file.errorString()), 404};
    Result<Connections> c = parse(file.readAll());
    if (!c) {
        Error e = c.error();
        e.message = path + QLatin1String(": ") + e.message;
        return e;
    }
    const QString settingsPath = AppSettings::findLocalSettings(path);
    if (!settingsPath.isEmpty()) {
        Result<AppSettings> settings = AppSettings::load(settingsPath);
        if (!settings)
            return settings.error();
        c->m_settings = std::move(settings.value());
    }
    return c;
}

QByteArray Connections::serialize() const
{
    return m_root.serialize(m_format);
}

Status Connections::save(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{path, tr("cannot write the file: %1").arg(file.errorString()), 500};
    const QByteArray data = serialize();
    if (file.write(data) != data.size() || !file.commit())
        return Error{path, tr("cannot write the file: %1").arg(file.errorString()), 500};
    return success();
}

QStringList Connections::names() const
{
    QStringList out;
    for (const ConnectionInfo& info : armConnections())
        out.append(info.name);
    for (const QString& section : {kServiceProviders, kManaged}) {
        if (const OrderedJson* s = m_root.find(section); s && s->isObject())
            out += s->keys();
    }
    return out;
}

bool Connections::contains(const QString& name) const
{
    for (const QString& n : names()) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<ConnectionInfo> Connections::fromEntry(const QString& name, const QJsonObject& entry,
                                                     ConnectionInfo::Kind kind)
{
    ConnectionInfo info;
    info.name = name;
    info.kind = kind;
    QJsonObject rest = entry;
    info.displayName = rest.take(QLatin1String("displayName")).toString();
    info.parameterSetName = rest.take(QLatin1String("parameterSetName")).toString();
    info.parameterValues = rest.take(QLatin1String("parameterValues")).toObject();
    if (kind == ConnectionInfo::Kind::ServiceProvider) {
        QJsonObject sp = rest.take(QLatin1String("serviceProvider")).toObject();
        info.serviceProviderId = sp.take(QLatin1String("id")).toString();
        if (!sp.isEmpty())
            rest.insert(QLatin1String("serviceProvider"), sp);
    } else {
        QJsonObject api = rest.take(QLatin1String("api")).toObject();
        info.apiId = api.take(QLatin1String("id")).toString();
        if (!api.isEmpty())
            rest.insert(QLatin1String("api"), api);
    }
    info.extra = rest;
    return info;
}

QJsonObject Connections::toEntry(const ConnectionInfo& info)
{
    QJsonObject entry = info.extra;
    if (!info.displayName.isEmpty())
        entry.insert(QLatin1String("displayName"), info.displayName);
    if (!info.parameterSetName.isEmpty())
        entry.insert(QLatin1String("parameterSetName"), info.parameterSetName);
    if (!info.parameterValues.isEmpty() || info.kind == ConnectionInfo::Kind::ServiceProvider)
        entry.insert(QLatin1String("parameterValues"), info.parameterValues);
    if (info.kind == ConnectionInfo::Kind::ServiceProvider) {
        QJsonObject sp = entry.value(QLatin1String("serviceProvider")).toObject();
        sp.insert(QLatin1String("id"), info.serviceProviderId);
        entry.insert(QLatin1String("serviceProvider"), sp);
    } else {
        QJsonObject api = entry.value(QLatin1String("api")).toObject();
        api.insert(QLatin1String("id"), info.apiId);
        entry.insert(QLatin1String("api"), api);
    }
    return entry;
}

std::optional<ConnectionInfo> Connections::find(const QString& name) const
{
    for (Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        for (const ConnectionInfo& info : armConnections()) {
            if (info.name.compare(name, cs) == 0)
                return info;
        }
        for (const QString& section : {kServiceProviders, kManaged}) {
            const OrderedJson* s = m_root.find(section);
            if (!s || !s->isObject())
                continue;
            for (const OrderedJson::Member& m : s->members()) {
                if (m.key.compare(name, cs) == 0 && m.value.isObject())
                    return fromEntry(m.key, m.value.toObject(),
                                     section == kServiceProviders
                                         ? ConnectionInfo::Kind::ServiceProvider
                                         : ConnectionInfo::Kind::ManagedApi);
            }
        }
    }
    if (name.compare(localCatcherName(), Qt::CaseInsensitive) == 0)
        return localCatcher();
    return std::nullopt;
}

QString Connections::settingName(const QString& connection, const QString& parameter)
{
    QString out = connection + QLatin1Char('_') + parameter;
    for (QChar& c : out) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return out;
}

Status Connections::set(ConnectionInfo info, SecretStore* secrets)
{
    if (m_armTemplate)
        return Error{info.name,
                     tr("connections in an ARM template are read-only here; keep them in a "
                        "connections.json"),
                     403};
    if (info.name.trimmed().isEmpty())
        return Error{QStringLiteral("name"), tr("a connection needs a name"), 400};
    if (info.kind == ConnectionInfo::Kind::ServiceProvider && info.serviceProviderId.isEmpty())
        return Error{QStringLiteral("serviceProvider.id"),
                     tr("a service provider connection needs a provider id, like "
                        "/serviceProviders/Smtp"),
                     400};
    // Secrets leave the file before anything is written.
    const QStringList keys = info.parameterValues.keys();
    for (const QString& key : keys) {
        const QJsonValue v = info.parameterValues.value(key);
        if (!ConnectionInfo::isSecretParameter(key) || !v.isString() || v.toString().isEmpty() ||
            wholeSetting().match(v.toString()).hasMatch())
            continue;
        const QString setting = settingName(info.name, key);
        if (!secrets)
            return Error{key,
                         tr("a secret cannot be written to connections.json; store it in the "
                            "keychain or set the app setting %1")
                             .arg(setting),
                         400};
        const Status stored = secrets->write(setting, v.toString());
        if (!stored)
            return Error{key,
                         tr("could not store the secret in the %1: %2")
                             .arg(secrets->name(), stored.error().message),
                         stored.error().code};
        info.parameterValues.insert(
            key, QString(QStringLiteral("@appsetting('") + setting + QStringLiteral("')")));
    }

    const QString section =
        info.kind == ConnectionInfo::Kind::ServiceProvider ? kServiceProviders : kManaged;
    const QString other = section == kServiceProviders ? kManaged : kServiceProviders;
    if (OrderedJson* o = m_root.find(other); o && o->isObject())
        o->remove(info.name);
    OrderedJson* s = m_root.find(section);
    if (!s || !s->isObject()) {
        m_root.insert(section, OrderedJson::object());
        s = m_root.find(section);
    }
    const QJsonObject entry = toEntry(info);
    if (OrderedJson* existing = s->find(info.name))
        existing->merge(entry);
    else
        s->insert(info.name, OrderedJson::fromJson(entry));
    return success();
}

Status Connections::remove(const QString& name)
{
    if (m_armTemplate)
        return Error{name,
                     tr("connections in an ARM template are read-only here; keep them in a "
                        "connections.json"),
                     403};
    bool removed = false;
    for (const QString& section : {kServiceProviders, kManaged}) {
        if (OrderedJson* s = m_root.find(section); s && s->isObject())
            removed = s->remove(name) || removed;
    }
    if (!removed)
        return Error{name, tr("there is no connection of that name"), 404};
    return success();
}

Result<QJsonValue> Connections::resolveValue(const QJsonValue& value, const SecretStore* secrets,
                                             const QString& field) const
{
    const auto lookup = [&](const QString& setting) -> Result<QString> {
        if (const std::optional<QString> v = m_settings.value(setting))
            return *v;
        if (secrets) {
            Result<QString> s = secrets->read(setting);
            if (s)
                return s;
            if (s.error().code != 404)
                return Error{field, tr("app setting %1: %2").arg(setting, s.error().message),
                             s.error().code};
        }
        return Error{field,
                     tr("the app setting %1 is not set; set it in the environment, in the Values "
                        "of local.settings.json, or store the secret in the keychain")
                         .arg(setting),
                     400};
    };
    if (value.isString()) {
        const QString text = value.toString();
        const QRegularExpressionMatch whole = wholeSetting().match(text);
        if (whole.hasMatch()) {
            QString setting = whole.captured(1);
            setting.replace(QLatin1String("''"), QLatin1String("'"));
            Result<QString> v = lookup(setting);
            if (!v)
                return v.error();
            return QJsonValue(*v);
        }
        QString out;
        qsizetype last = 0;
        auto it = embeddedSetting().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            QString setting = m.captured(1);
            setting.replace(QLatin1String("''"), QLatin1String("'"));
            Result<QString> v = lookup(setting);
            if (!v)
                return v.error();
            out += QStringView(text).mid(last, m.capturedStart() - last);
            out += *v;
            last = m.capturedEnd();
        }
        if (last == 0)
            return value;
        out += QStringView(text).mid(last);
        return QJsonValue(out);
    }
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            Result<QJsonValue> v =
                resolveValue(it.value(), secrets, field + QLatin1Char('.') + it.key());
            if (!v)
                return v.error();
            it.value() = *v;
        }
        return QJsonValue(o);
    }
    return value;
}

Result<QJsonObject> Connections::resolve(const QString& name, const SecretStore* secrets) const
{
    const std::optional<ConnectionInfo> info = find(name);
    if (!info)
        return Error{name, tr("there is no connection named \"%1\" in connections.json").arg(name),
                     404};
    Result<QJsonValue> v = resolveValue(info->parameterValues, secrets, info->name);
    if (!v)
        return v.error();
    return v->toObject();
}

ConnectionInfo Connections::localCatcher()
{
    ConnectionInfo info;
    info.name = localCatcherName();
    info.displayName = tr("Local mail catcher");
    info.kind = ConnectionInfo::Kind::ServiceProvider;
    info.serviceProviderId = QStringLiteral("/serviceProviders/Smtp");
    info.parameterValues = QJsonObject{
        {QStringLiteral("serverAddress"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("port"), 2525},
        {QStringLiteral("enableSSL"), false},
    };
    return info;
}

} // namespace engine
