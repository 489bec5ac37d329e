/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-busy-server-scenario.h"

#include "tcp-teardown-helper.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-busy-server-application.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-socket-factory.h"
#include "ns3/tcp-time-wait-table.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpBusyServerScenario");

NS_OBJECT_ENSURE_REGISTERED(TcpBusyServerScenario);

namespace
{

/// The server's port.
const uint16_t kServerPort = 80;
/// At most this many samples in a run (each about 100 bytes).
const uint64_t kMaxSamples = 100000;
/// At most this many connections in a run.
const uint64_t kMaxConnections = 1000000000;

/// \return a time in seconds as text, e.g. "0.1", "65"
std::string
SecondsText(Time t)
{
    std::ostringstream os;
    os << std::setprecision(10) << t.GetSeconds();
    return os.str();
}

/// \return a rate as text, e.g. "1000", "1.6667"
std::string
RateText(double rate)
{
    std::ostringstream os;
    os << std::setprecision(6) << rate;
    return os.str();
}

/// \return the name of a close reason for a column or a line ("no errno" for NONE)
std::string
ReasonText(TcpCloseReason reason)
{
    return reason == TcpCloseReason::NONE ? "no-errno" : TcpCloseReasonName(reason);
}

/// Every close reason, in order.
const std::vector<TcpCloseReason> kReasons = {TcpCloseReason::NONE,
                                              TcpCloseReason::TIMEDOUT,
                                              TcpCloseReason::CONNRESET,
                                              TcpCloseReason::CONNREFUSED,
                                              TcpCloseReason::PIPE,
                                              TcpCloseReason::CONNABORTED,
                                              TcpCloseReason::WOULDBLOCK,
                                              TcpCloseReason::ADDRINUSE,
                                              TcpCloseReason::ADDRNOTAVAIL,
                                              TcpCloseReason::HOSTUNREACH,
                                              TcpCloseReason::INVAL};

/// \return "EADDRNOTAVAIL 90, ETIMEDOUT 2" or "none"
std::string
ReasonsText(const std::map<TcpCloseReason, uint64_t>& counts)
{
    std::string text;
    for (const auto& [reason, count] : counts)
    {
        text += (text.empty() ? "" : ", ") + ReasonText(reason) + " " + std::to_string(count);
    }
    return text.empty() ? "none" : text;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// TcpBusyServerResult
// ---------------------------------------------------------------------------------------------

uint32_t
TcpBusyServerResult::GetPeakTimeWait(bool server) const
{
    return server ? serverPeak[TcpSocket::TIME_WAIT] : clientPeak[TcpSocket::TIME_WAIT];
}

uint64_t
TcpBusyServerResult::GetFailures(TcpCloseReason reason) const
{
    const auto it = failures.find(reason);
    return it == failures.end() ? 0 : it->second;
}

std::vector<TcpSocket::TcpStates_t>
TcpBusyServerResult::GetReportedStates()
{
    return {TcpSocket::SYN_SENT,
            TcpSocket::SYN_RCVD,
            TcpSocket::ESTABLISHED,
            TcpSocket::CLOSE_WAIT,
            TcpSocket::LAST_ACK,
            TcpSocket::FIN_WAIT_1,
            TcpSocket::FIN_WAIT_2,
            TcpSocket::CLOSING,
            TcpSocket::TIME_WAIT};
}

void
TcpBusyServerResult::WriteTimeSeriesCsv(std::ostream& os) const
{
    const auto states = GetReportedStates();
    os << "time_s";
    for (const char* side : {"client", "server"})
    {
        for (const auto state : states)
        {
            os << "," << side << "_" << TcpSocket::TcpStateName[state];
        }
    }
    os << ",attempted,completed,failed\n";
    for (const auto& sample : samples)
    {
        os << SecondsText(sample.time);
        for (const auto* side : {&sample.client, &sample.server})
        {
            for (const auto state : states)
            {
                os << "," << (*side)[state];
            }
        }
        os << "," << sample.attempted << "," << sample.completed << "," << sample.failed << "\n";
    }
}

void
TcpBusyServerResult::WriteSummaryCsv(std::ostream& os, bool header) const
{
    const auto states = GetReportedStates();
    if (header)
    {
        os << "closer,socket_kind,clients,rate,duration_s,stop_s,time_wait_policy,time_wait_s,"
              "ephemeral_ports,attempted,completed,failed,unfinished,accepted,achieved_rate,"
              "expected_peak_time_wait";
        for (const char* side : {"client", "server"})
        {
            for (const auto state : states)
            {
                os << ",peak_" << side << "_" << TcpSocket::TcpStateName[state];
            }
        }
        for (const auto reason : kReasons)
        {
            os << ",failed_" << ReasonText(reason);
        }
        os << ",first_failure_s,events,anomalies\n";
    }
    os << closer << "," << socketKind << "," << clients << "," << RateText(rate) << ","
       << SecondsText(duration) << "," << SecondsText(stop) << "," << timeWaitPolicy << ","
       << SecondsText(timeWait) << "," << ephemeralPorts << "," << attempted << "," << completed
       << "," << failed << "," << unfinished << "," << accepted << "," << RateText(achievedRate)
       << "," << expectedPeakTimeWait;
    for (const auto* peak : {&clientPeak, &serverPeak})
    {
        for (const auto state : states)
        {
            os << "," << (*peak)[state];
        }
    }
    for (const auto reason : kReasons)
    {
        os << "," << GetFailures(reason);
    }
    os << "," << (firstFailure == Time::Max() ? std::string() : SecondsText(firstFailure)) << ","
       << events << "," << anomalies << "\n";
}

bool
TcpBusyServerResult::WriteCsv(const std::string& folder, const std::string& name) const
{
    const std::string series = folder + "/" + name + ".csv";
    const std::string summary = folder + "/" + name + "-summary.csv";
    std::ofstream a(series);
    WriteTimeSeriesCsv(a);
    std::ofstream b(summary);
    WriteSummaryCsv(b, true);
    a.close();
    b.close();
    if (!a || !b)
    {
        std::cerr << "tcp-teardown: error: cannot write " << (a ? summary : series) << std::endl;
        return false;
    }
    return true;
}

void
TcpBusyServerResult::Print(std::ostream& os) const
{
    os << "closer " << closer << ", " << socketKind << " sockets, TIME_WAIT " << timeWaitPolicy
       << " " << SecondsText(timeWait) << " s: " << attempted << " connections in "
       << SecondsText(duration) << " s (" << RateText(rate) << "/s over " << clients
       << " clients)\n";
    os << "  completed " << completed << ", failed " << failed << ", unfinished " << unfinished
       << "; achieved " << RateText(achievedRate) << "/s\n";
    os << "  peak TIME_WAIT: server " << GetPeakTimeWait(true) << ", clients "
       << GetPeakTimeWait(false) << " (the schedule opens at most " << expectedPeakTimeWait
       << " connections within one TIME_WAIT)\n";
    os << "  other peaks (server / clients):";
    for (const auto state : {TcpSocket::SYN_SENT,
                             TcpSocket::ESTABLISHED,
                             TcpSocket::FIN_WAIT_2,
                             TcpSocket::CLOSE_WAIT,
                             TcpSocket::LAST_ACK})
    {
        os << " " << TcpSocket::TcpStateName[state] << " " << serverPeak[state] << " / "
           << clientPeak[state] << (state == TcpSocket::LAST_ACK ? "\n" : ",");
    }
    os << "  failures: " << ReasonsText(failures);
    if (firstFailure != Time::Max())
    {
        os << " (first at " << SecondsText(firstFailure) << " s)";
    }
    os << "; server errors: " << ReasonsText(serverErrors) << "\n";
    os << "  simulated " << SecondsText(stop) << " s, " << events << " events ("
       << (attempted > 0 ? events / attempted : 0) << " per connection)\n";
}

// ---------------------------------------------------------------------------------------------
// TcpBusyServerScenario
// ---------------------------------------------------------------------------------------------

TypeId
TcpBusyServerScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpBusyServerScenario")
            .SetParent<Object>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpBusyServerScenario>()
            .AddAttribute("Clients",
                          "Client nodes, 1 .. 10000.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TcpBusyServerScenario::m_clients),
                          MakeUintegerChecker<uint32_t>(1, 10000))
            .AddAttribute("Rate",
                          "Connections per second over all clients (round robin), "
                          "0.001 .. 1000000.",
                          DoubleValue(1000),
                          MakeDoubleAccessor(&TcpBusyServerScenario::m_rate),
                          MakeDoubleChecker<double>(0.001, 1e6))
            .AddAttribute("Duration",
                          "How long connections are opened (from 0), 1 ms .. 24 h.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&TcpBusyServerScenario::m_duration),
                          MakeTimeChecker(MilliSeconds(1), Hours(24)))
            .AddAttribute("Drain",
                          "How long the run goes on after Duration (TIME_WAIT empties), "
                          "0 .. 24 h.",
                          TimeValue(Seconds(65)),
                          MakeTimeAccessor(&TcpBusyServerScenario::m_drain),
                          MakeTimeChecker(Time(0), Hours(24)))
            .AddAttribute("RequestSize",
                          "Bytes the client writes per connection, 1 .. 10000000.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&TcpBusyServerScenario::m_requestSize),
                          MakeUintegerChecker<uint32_t>(1, 10000000))
            .AddAttribute("ResponseSize",
                          "Bytes the server writes per connection, 1 .. 10000000.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&TcpBusyServerScenario::m_responseSize),
                          MakeUintegerChecker<uint32_t>(1, 10000000))
            .AddAttribute("Closer",
                          "Who closes first, and so holds TIME_WAIT: Server (after writing the "
                          "response) or Client (after reading it).",
                          EnumValue(SERVER),
                          MakeEnumAccessor(&TcpBusyServerScenario::m_closer),
                          MakeEnumChecker(SERVER, "Server", CLIENT, "Client"))
            .AddAttribute("LinkRate",
                          "Data rate of every link, > 0.",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&TcpBusyServerScenario::m_linkRate),
                          MakeDataRateChecker())
            .AddAttribute("LinkDelay",
                          "One-way delay of every link, 0 .. 10 s.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&TcpBusyServerScenario::m_linkDelay),
                          MakeTimeChecker(Time(0), Seconds(10)))
            .AddAttribute("Router",
                          "true: clients -> router -> server, each on its own link; false: a "
                          "star, each client on a direct link to the server.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpBusyServerScenario::m_router),
                          MakeBooleanChecker())
            .AddAttribute("TimeWaitPolicy",
                          "TcpTeardownSocket TimeWaitPolicy: Fixed (TimeWaitDuration), TwoMsl "
                          "(2 * MaxSegLifetime) or Disabled. Stock sockets: MaxSegLifetime "
                          "TimeWaitDuration / 2, ns-3's default, or 0.",
                          EnumValue(TcpTeardownSocket::TIME_WAIT_FIXED),
                          MakeEnumAccessor(&TcpBusyServerScenario::m_timeWaitPolicy),
                          MakeEnumChecker(TcpTeardownSocket::TIME_WAIT_FIXED,
                                          "Fixed",
                                          TcpTeardownSocket::TIME_WAIT_2MSL,
                                          "TwoMsl",
                                          TcpTeardownSocket::TIME_WAIT_DISABLED,
                                          "Disabled"))
            .AddAttribute("TimeWaitDuration",
                          "TcpTeardownSocket TimeWaitDuration: TIME_WAIT under the Fixed policy, "
                          "0 .. 1 h (Linux: 60 s).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TcpBusyServerScenario::m_timeWaitDuration),
                          MakeTimeChecker(Time(0), Hours(1)))
            .AddAttribute("EphemeralPortFirst",
                          "TcpTeardownPortTable EphemeralPortFirst of every node, 1 .. 65535, "
                          "not above EphemeralPortLast (Teardown sockets).",
                          UintegerValue(32768),
                          MakeUintegerAccessor(&TcpBusyServerScenario::m_portFirst),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EphemeralPortLast",
                          "TcpTeardownPortTable EphemeralPortLast of every node, 1 .. 65535 "
                          "(Teardown sockets).",
                          UintegerValue(60999),
                          MakeUintegerAccessor(&TcpBusyServerScenario::m_portLast),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SampleInterval",
                          "Time between two samples of the populations, 1 ms .. 1 h; at most "
                          "100000 samples in Duration + Drain.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&TcpBusyServerScenario::m_sampleInterval),
                          MakeTimeChecker(MilliSeconds(1), Hours(1)))
            .AddAttribute("SocketKind",
                          "Teardown: TcpTeardownSocket (TcpTeardownSocketFactory); Stock: ns-3's "
                          "TcpSocketBase (ns3::TcpSocketFactory), the same workload.",
                          EnumValue(TEARDOWN),
                          MakeEnumAccessor(&TcpBusyServerScenario::m_socketKind),
                          MakeEnumChecker(TEARDOWN, "Teardown", STOCK, "Stock"))
            .AddAttribute("CompactTimeWait",
                          "Set TcpTeardownSocket CompactTimeWait on every socket (a small "
                          "TIME_WAIT record instead of the full socket); false: leave the "
                          "socket's default. Teardown sockets.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpBusyServerScenario::m_compactTimeWait),
                          MakeBooleanChecker());
    return tid;
}

TcpBusyServerScenario::TcpBusyServerScenario()
{
    NS_LOG_FUNCTION(this);
}

TcpBusyServerScenario::~TcpBusyServerScenario()
{
    NS_LOG_FUNCTION(this);
}

void
TcpBusyServerScenario::SetScenarioAttribute(const std::string& name, const AttributeValue& value)
{
    SetAttribute(name, *TcpTeardownCheckAttribute(GetInstanceTypeId(), name, value));
}

uint64_t
TcpBusyServerScenario::CountConnections(double rate, Time duration)
{
    if (!(rate > 0) || !duration.IsStrictlyPositive())
    {
        return 0;
    }
    auto count = static_cast<uint64_t>(std::ceil(duration.GetSeconds() * rate));
    while (count > 0 && TcpBusyServerApplication::ConnectionTime(rate, count - 1) >= duration)
    {
        --count;
    }
    while (TcpBusyServerApplication::ConnectionTime(rate, count) < duration)
    {
        ++count;
    }
    return count;
}

uint64_t
TcpBusyServerScenario::PeakInWindow(double rate, uint64_t count, Time window)
{
    if (!window.IsStrictlyPositive())
    {
        return 0;
    }
    uint64_t peak = 0;
    uint64_t j = 0;
    for (uint64_t i = 0; i < count; ++i)
    {
        const Time end = TcpBusyServerApplication::ConnectionTime(rate, i) + window;
        j = std::max(j, i);
        while (j < count && TcpBusyServerApplication::ConnectionTime(rate, j) < end)
        {
            ++j;
        }
        peak = std::max(peak, j - i);
        if (j == count)
        {
            break; // later windows hold fewer
        }
    }
    return peak;
}

Time
TcpBusyServerScenario::GetTimeWaitLength() const
{
    switch (m_timeWaitPolicy)
    {
    case TcpTeardownSocket::TIME_WAIT_FIXED:
        return m_timeWaitDuration;
    case TcpTeardownSocket::TIME_WAIT_DISABLED:
        return Time(0);
    case TcpTeardownSocket::TIME_WAIT_2MSL:
    default: {
        TypeId::AttributeInformation info;
        TcpSocketBase::GetTypeId().LookupAttributeByName("MaxSegLifetime", &info);
        DoubleValue msl;
        msl.DeserializeFromString(info.initialValue->SerializeToString(info.checker), info.checker);
        return Seconds(2 * msl.Get());
    }
    }
}

void
TcpBusyServerScenario::CheckAttributes() const
{
    const std::string name = "ns3::TcpBusyServerScenario::";
    TCP_TEARDOWN_REQUIRE(m_portFirst <= m_portLast,
                         name << "EphemeralPortFirst=" << m_portFirst
                              << " is invalid: it must not be above EphemeralPortLast="
                              << m_portLast << " (the range would be empty)");
    TCP_TEARDOWN_REQUIRE(m_linkRate.GetBitRate() > 0,
                         name << "LinkRate=" << m_linkRate << " is invalid: it must be > 0");
    const Time stop = m_duration + m_drain;
    const uint64_t samples =
        static_cast<uint64_t>(stop.GetTimeStep() / m_sampleInterval.GetTimeStep()) + 1;
    TCP_TEARDOWN_REQUIRE(samples <= kMaxSamples,
                         name << "SampleInterval=" << m_sampleInterval.As(Time::S)
                              << " is invalid: it must leave at most " << kMaxSamples
                              << " samples in Duration + Drain = " << stop.As(Time::S)
                              << " (it gives " << samples << ")");
    TCP_TEARDOWN_REQUIRE(m_rate * m_duration.GetSeconds() <= static_cast<double>(kMaxConnections),
                         name << "Rate=" << m_rate
                              << " is invalid: with Duration=" << m_duration.As(Time::S)
                              << " it opens more than " << kMaxConnections << " connections");
}

TcpBusyServerSample
TcpBusyServerScenario::TakeSample() const
{
    TcpBusyServerSample sample;
    sample.time = Simulator::Now();
    for (uint32_t s = 0; s < TcpSocket::LAST_STATE; ++s)
    {
        const auto state = static_cast<TcpSocket::TcpStates_t>(s);
        sample.client[s] = m_counters->GetPopulation(TcpBusyServerCounters::CLIENT, state);
        sample.server[s] = m_counters->GetPopulation(TcpBusyServerCounters::SERVER, state);
    }
    sample.attempted = m_counters->GetAttempted();
    sample.completed = m_counters->GetCompleted();
    sample.failed = m_counters->GetFailed();
    return sample;
}

void
TcpBusyServerScenario::Sample(uint64_t k)
{
    m_samples.push_back(TakeSample());
    const Time next = m_sampleInterval * static_cast<int64_t>(k + 1);
    if (next < m_stop)
    {
        Simulator::Schedule(next - Simulator::Now(), &TcpBusyServerScenario::Sample, this, k + 1);
    }
}

TcpBusyServerResult
TcpBusyServerScenario::Run()
{
    NS_LOG_FUNCTION(this);
    CheckAttributes();
    const bool teardownSockets = m_socketKind == TEARDOWN;
    const char* const policyNames[] = {"Fixed", "TwoMsl", "Disabled"};
    const std::string policy = policyNames[m_timeWaitPolicy];

    // Topology
    NodeContainer clients;
    clients.Create(m_clients);
    Ptr<Node> server = CreateObject<Node>();
    Ptr<Node> router = m_router ? CreateObject<Node>() : nullptr;
    InternetStackHelper stack;
    stack.Install(clients);
    stack.Install(server);
    if (router)
    {
        stack.Install(router);
    }
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", DataRateValue(m_linkRate));
    link.SetChannelAttribute("Delay", TimeValue(m_linkDelay));
    TrafficControlHelper trafficControl; // no queue discs: the devices' queues only, faster
    Ipv4StaticRoutingHelper routing;
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    std::vector<Ipv4Address> serverAddress(m_clients); // as each client reaches it
    Ipv4Address serverSide;                            // with a router: the server's address
    if (router)
    {
        NetDeviceContainer devices = link.Install(server, router);
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        trafficControl.Uninstall(devices);
        serverSide = interfaces.GetAddress(0);
        routing.GetStaticRouting(server->GetObject<Ipv4>())
            ->SetDefaultRoute(interfaces.GetAddress(1), 1);
    }
    addresses.SetBase("10.1.0.0", "255.255.255.252");
    for (uint32_t c = 0; c < m_clients; ++c)
    {
        Ptr<Node> client = clients.Get(c);
        NetDeviceContainer devices = link.Install(client, router ? router : server);
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        addresses.NewNetwork();
        trafficControl.Uninstall(devices);
        if (router)
        {
            routing.GetStaticRouting(client->GetObject<Ipv4>())
                ->SetDefaultRoute(interfaces.GetAddress(1), 1);
            serverAddress[c] = serverSide;
        }
        else
        {
            serverAddress[c] = interfaces.GetAddress(1); // the direct link: no route needed
        }
    }
    NodeContainer hosts(clients);
    hosts.Add(server);

    // Sockets
    TypeId factory = TcpSocketFactory::GetTypeId();
    std::function<void(Ptr<Socket>)> configure;
    if (teardownSockets)
    {
        TcpTeardownHelper teardown;
        teardown.SetSocketAttribute("TimeWaitPolicy", StringValue(policy));
        teardown.SetSocketAttribute("TimeWaitDuration", TimeValue(m_timeWaitDuration));
        if (m_compactTimeWait)
        {
            teardown.SetSocketAttribute("CompactTimeWait", BooleanValue(true));
        }
        teardown.SetPortTableAttribute("EphemeralPortFirst", UintegerValue(m_portFirst));
        teardown.SetPortTableAttribute("EphemeralPortLast", UintegerValue(m_portLast));
        teardown.Install(hosts);
        TcpTeardownHelper::AssignStreams(hosts, 0);
        factory = TcpTeardownSocketFactory::GetTypeId();
    }
    else if (m_timeWaitPolicy != TcpTeardownSocket::TIME_WAIT_2MSL)
    {
        // Stock TIME_WAIT lasts 2 * MaxSegLifetime; accepted sockets copy the listener's.
        const double msl = GetTimeWaitLength().GetSeconds() / 2;
        configure = [msl](Ptr<Socket> socket) {
            socket->SetAttribute("MaxSegLifetime", DoubleValue(msl));
        };
    }

    // Applications
    m_counters = CreateObject<TcpBusyServerCounters>();
    if (teardownSockets && m_compactTimeWait)
    {
        // A compact TIME_WAIT whose socket is gone ends in its node's table.
        for (uint32_t c = 0; c < m_clients; ++c)
        {
            m_counters->WatchTimeWaitTable(TcpTimeWaitTable::Get(clients.Get(c)),
                                           TcpBusyServerCounters::CLIENT);
        }
        m_counters->WatchTimeWaitTable(TcpTimeWaitTable::Get(server),
                                       TcpBusyServerCounters::SERVER);
    }
    const uint64_t connections = CountConnections(m_rate, m_duration);
    Ptr<TcpBusyServerApplication> serverApp = CreateObject<TcpBusyServerApplication>();
    serverApp->SetupServer(factory,
                           kServerPort,
                           m_requestSize,
                           m_responseSize,
                           m_closer == SERVER,
                           m_counters);
    serverApp->SetSocketConfigurator(configure);
    serverApp->SetStartTime(Time(0));
    server->AddApplication(serverApp);
    for (uint32_t c = 0; c < m_clients; ++c)
    {
        Ptr<TcpBusyServerApplication> app = CreateObject<TcpBusyServerApplication>();
        app->SetupClient(factory,
                         InetSocketAddress(serverAddress[c], kServerPort),
                         m_requestSize,
                         m_responseSize,
                         m_closer == CLIENT,
                         m_rate,
                         c,
                         m_clients,
                         connections,
                         m_counters);
        app->SetSocketConfigurator(configure);
        app->SetStartTime(Time(0));
        clients.Get(c)->AddApplication(app);
    }

    // Run
    m_stop = m_duration + m_drain;
    m_samples.clear();
    m_samples.reserve(
        static_cast<std::size_t>(m_stop.GetTimeStep() / m_sampleInterval.GetTimeStep()) + 2);
    Simulator::Schedule(Time(0), &TcpBusyServerScenario::Sample, this, 0);
    const uint64_t eventsBefore = Simulator::GetEventCount();
    Simulator::Stop(m_stop);
    Simulator::Run();

    TcpBusyServerResult result;
    result.events = Simulator::GetEventCount() - eventsBefore;
    m_samples.push_back(TakeSample()); // at the stop
    result.samples = std::move(m_samples);
    m_samples.clear();
    result.clients = m_clients;
    result.rate = m_rate;
    result.duration = m_duration;
    result.stop = m_stop;
    result.closer = m_closer == SERVER ? "Server" : "Client";
    result.socketKind = teardownSockets ? "Teardown" : "Stock";
    result.timeWaitPolicy = policy;
    result.timeWait = GetTimeWaitLength();
    result.ephemeralPorts = teardownSockets ? m_portLast - m_portFirst + 1 : 65535 - 49152 + 1;
    result.expectedPeakTimeWait = PeakInWindow(m_rate, connections, result.timeWait);
    for (uint32_t s = 0; s < TcpSocket::LAST_STATE; ++s)
    {
        const auto state = static_cast<TcpSocket::TcpStates_t>(s);
        result.clientPeak[s] = m_counters->GetPeak(TcpBusyServerCounters::CLIENT, state);
        result.serverPeak[s] = m_counters->GetPeak(TcpBusyServerCounters::SERVER, state);
    }
    result.attempted = m_counters->GetAttempted();
    result.completed = m_counters->GetCompleted();
    result.failed = m_counters->GetFailed();
    result.unfinished = result.attempted - result.completed - result.failed;
    result.accepted = m_counters->GetAccepted();
    result.failures = m_counters->GetFailures();
    result.clientErrors = m_counters->GetClientErrors();
    result.serverErrors = m_counters->GetServerErrors();
    result.firstFailure = m_counters->GetFirstFailure();
    result.achievedRate = static_cast<double>(result.completed) / m_duration.GetSeconds();
    result.anomalies = m_counters->GetAnomalies();
    m_counters = nullptr;
    Simulator::Destroy();
    return result;
}

} // namespace ns3
