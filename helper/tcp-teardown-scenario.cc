/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-scenario.h"

#include "tcp-teardown-plot.h"

#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <locale>
#include <sstream>
#include <sys/stat.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownScenario");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownScenario);

void
TcpScenarioResult::AddFigure(const std::string& name, const std::string& value)
{
    figures.emplace_back(name, value);
}

std::string
TcpScenarioResult::GetFigure(const std::string& name) const
{
    for (const auto& figure : figures)
    {
        if (figure.first == name)
        {
            return figure.second;
        }
    }
    return "";
}

bool
TcpScenarioResult::SaveIfAsked(const std::string& output, std::ostream& os) const
{
    if (output.empty())
    {
        return true;
    }
    if (!Save(output))
    {
        return false;
    }
    os << "records: " << output << "/" << std::endl;
    return true;
}

bool
TcpScenarioResult::MakeFolder(const std::string& folder)
{
    if (folder.empty() || (mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST))
    {
        std::cerr << "tcp-teardown: error: cannot create the folder '" << folder
                  << "': " << std::strerror(folder.empty() ? ENOENT : errno) << std::endl;
        return false;
    }
    struct stat info;
    if (stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    {
        std::cerr << "tcp-teardown: error: '" << folder << "' is not a folder" << std::endl;
        return false;
    }
    return true;
}

bool
TcpScenarioResult::PrepareOutput(const std::string& output, bool pcap)
{
    if (pcap && output.empty())
    {
        std::cerr << "tcp-teardown: error: --pcap=true is invalid without --output: the pcap "
                     "files go into that folder"
                  << std::endl;
        return false;
    }
    return output.empty() || MakeFolder(output);
}

bool
TcpScenarioResult::WriteCsv(const std::string& folder) const
{
    if (!MakeFolder(folder))
    {
        return false;
    }
    if (!TcpTeardownRecorder::WriteCsv(folder, transitions, retransmissions, ends, impairments))
    {
        return false;
    }
    std::ofstream os(folder + "/endpoints.csv");
    os << "label,node,socket,final_state,reason,end_s,retransmissions,bytes_sent,"
          "bytes_delivered,bytes_corrupted\n";
    for (const auto& e : endpoints)
    {
        os << TcpTeardownRecorder::CsvField(e.label) << "," << e.node << "," << e.socket << ","
           << TcpSocket::TcpStateName[e.finalState] << ","
           << (e.ended ? TcpCloseReasonName(e.reason) : std::string()) << ","
           << (e.ended ? TcpTeardownRecorder::FormatTime(e.end) : std::string()) << ","
           << e.retransmissions << "," << e.bytesSent << "," << e.bytesDelivered << ","
           << e.bytesCorrupted << "\n";
    }
    os.close();
    if (!os)
    {
        std::cerr << "TcpScenarioResult: cannot write " << folder << "/endpoints.csv" << std::endl;
        return false;
    }
    return true;
}

void
TcpScenarioResult::Print(std::ostream& os) const
{
    os << "story: " << story;
    if (!variant.empty())
    {
        os << " (" << variant << ")";
    }
    os << ", " << stopTime.GetSeconds() << " s simulated\n";
    for (const auto& e : endpoints)
    {
        os << e.label << " (node " << e.node << ", socket " << e.socket << "):\n  ";
        for (std::size_t i = 0; i < e.timeline.size(); ++i)
        {
            if (i == 0)
            {
                os << TcpSocket::TcpStateName[e.timeline[i].second];
            }
            else
            {
                os << " -> " << TcpSocket::TcpStateName[e.timeline[i].second] << " at "
                   << TcpTeardownRecorder::FormatTime(e.timeline[i].first) << " s";
            }
        }
        if (e.timeline.empty())
        {
            os << "no transition";
        }
        os << "\n  ";
        if (e.ended)
        {
            os << "ended at " << TcpTeardownRecorder::FormatTime(e.end) << " s with "
               << TcpCloseReasonName(e.reason);
        }
        else
        {
            os << "not ended, in " << TcpSocket::TcpStateName[e.finalState];
        }
        os << "; " << e.retransmissions << " timeout retransmissions; " << e.bytesSent
           << " B sent, " << e.bytesDelivered << " B delivered, " << e.bytesCorrupted
           << " B corrupted\n";
    }
    for (const auto& figure : figures)
    {
        os << figure.first << ": " << figure.second << "\n";
    }
    os << "Linux: " << expected << "\n";
    os << "observed: " << observed << "\n";
    os << "verdict: " << (passed ? "as Linux" : "NOT as Linux") << std::endl;
}

bool
TcpScenarioResult::Save(const std::string& folder) const
{
    if (!WriteCsv(folder))
    {
        return false;
    }
    std::ofstream text(folder + "/result.txt");
    Print(text);
    text.close();
    if (!text)
    {
        std::cerr << "TcpScenarioResult: cannot write " << folder << "/result.txt" << std::endl;
        return false;
    }
    std::vector<TcpTeardownPlot::StateSeries> series;
    for (const auto& e : endpoints)
    {
        if (!e.timeline.empty())
        {
            series.push_back({e.label, e.timeline});
        }
    }
    if (!series.empty())
    {
        // A plot that cannot be drawn is said by TcpTeardownPlot; the records are the result.
        TcpTeardownPlot::StateTimeline(folder + "/timeline",
                                       story + ": states",
                                       series,
                                       stopTime,
                                       true);
    }
    return true;
}

TypeId
TcpTeardownScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownScenario")
            .SetParent<Object>()
            .SetGroupName("TcpTeardown")
            .AddAttribute("LinkRate",
                          "Data rate of each point-to-point link.",
                          DataRateValue(DataRate("10Mbps")),
                          MakeDataRateAccessor(&TcpTeardownScenario::m_linkRate),
                          MakeDataRateChecker())
            .AddAttribute("LinkDelay",
                          "One-way propagation delay of each link, 0 .. 10 s.",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&TcpTeardownScenario::m_linkDelay),
                          MakeTimeChecker(Time(0), Seconds(10)))
            .AddAttribute("Router",
                          "Join client and server through a router (two links); false: one "
                          "direct link.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownScenario::m_router),
                          MakeBooleanChecker())
            .AddAttribute("LossRate",
                          "Probability that a frame arriving at the router is lost (ns-3's "
                          "RateErrorModel on both router devices, so both directions), "
                          "0 .. 0.5; needs Router.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TcpTeardownScenario::m_lossRate),
                          MakeDoubleChecker<double>(0, 0.5))
            .AddAttribute("PcapPrefix",
                          "Write a pcap file per host device, named <prefix>-<node>-<device>.pcap; "
                          "empty: none.",
                          StringValue(""),
                          MakeStringAccessor(&TcpTeardownScenario::m_pcapPrefix),
                          MakeStringChecker())
            .AddAttribute("Duration",
                          "Simulated time; 0 lets the story choose (long enough for its "
                          "outcome with its defaults).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&TcpTeardownScenario::m_duration),
                          MakeTimeChecker(Time(0)));
    return tid;
}

TcpTeardownScenario::TcpTeardownScenario()
{
    NS_LOG_FUNCTION(this);
}

TcpTeardownScenario::~TcpTeardownScenario()
{
    NS_LOG_FUNCTION(this);
}

void
TcpTeardownScenario::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    // Checked now, so that a bad name or value fails here and not in the middle of a run.
    TcpTeardownHelper probe;
    probe.SetSocketAttribute(name, value);
    m_socketAttributes.emplace_back(name, value.Copy());
}

void
TcpTeardownScenario::SetStoryAttribute(const std::string& name, const AttributeValue& value)
{
    SetAttribute(name, *TcpTeardownCheckAttribute(GetInstanceTypeId(), name, value));
}

Ptr<const AttributeValue>
TcpTeardownScenario::GetSocketAttributeOverride(const std::string& name) const
{
    for (auto it = m_socketAttributes.rbegin(); it != m_socketAttributes.rend(); ++it)
    {
        if (it->first == name)
        {
            return TcpTeardownSocketFactory::CheckSocketAttribute(name, *it->second);
        }
    }
    return nullptr;
}

Time
TcpTeardownScenario::TimeWaitOf(Ptr<TcpTeardownSocket> socket)
{
    // As TcpTeardownSocket chooses the length when it enters TIME_WAIT.
    EnumValue profile;
    socket->GetAttribute("Profile", profile);
    EnumValue policy;
    socket->GetAttribute("TimeWaitPolicy", policy);
    DoubleValue msl;
    socket->GetAttribute("MaxSegLifetime", msl);
    if (profile.Get() == TcpTeardownSocket::NS3 ||
        policy.Get() == TcpTeardownSocket::TIME_WAIT_2MSL)
    {
        return Seconds(2 * msl.Get());
    }
    if (policy.Get() == TcpTeardownSocket::TIME_WAIT_DISABLED)
    {
        return Time(0);
    }
    TimeValue duration;
    socket->GetAttribute("TimeWaitDuration", duration);
    return duration.Get();
}

Time
TcpTeardownScenario::GetConfiguredTimeWait() const
{
    Ptr<TcpTeardownSocket> probe = CreateObject<TcpTeardownSocket>();
    for (const auto& attribute : m_socketAttributes)
    {
        probe->SetAttribute(attribute.first, *attribute.second);
    }
    return TimeWaitOf(probe);
}

TcpTeardownHelper
TcpTeardownScenario::MakeTeardownHelper()
{
    TcpTeardownHelper teardown;
    DoConfigure(teardown);
    for (const auto& attribute : m_socketAttributes)
    {
        teardown.SetSocketAttribute(attribute.first, *attribute.second);
    }
    return teardown;
}

void
TcpTeardownScenario::DoConfigure(TcpTeardownHelper& /* teardown */)
{
}

void
TcpTeardownScenario::DoBuild(Stage& /* stage */)
{
}

void
TcpTeardownScenario::DoJudge(const Stage& /* stage */, TcpScenarioResult& /* result */)
{
}

DataRate
TcpTeardownScenario::GetLinkRate() const
{
    return m_linkRate;
}

Time
TcpTeardownScenario::GetLinkDelay() const
{
    return m_linkDelay;
}

bool
TcpTeardownScenario::HasRouter() const
{
    return m_router;
}

TcpScenarioResult
TcpTeardownScenario::Run()
{
    NS_LOG_FUNCTION(this);
    m_calls.clear();
    TcpScenarioResult result;
    result.story = GetStory();
    DoRun(result);
    TcpStateDiagram diagram;
    result.violations = diagram.Check(result.transitions);
    if (!result.violations.empty())
    {
        result.passed = false;
        result.observed +=
            " Transition outside RFC 9293's diagram: " + result.violations.front().ToString() + ".";
    }
    return result;
}

void
TcpTeardownScenario::DoRun(TcpScenarioResult& result)
{
    TcpTeardownHelper teardown = MakeTeardownHelper();
    TcpTeardownHostPair hosts(teardown, m_linkRate, m_linkDelay, m_router);
    TcpTeardownRecorder recorder;
    recorder.Watch(hosts.GetNodes());
    if (!m_pcapPrefix.empty())
    {
        // ns-3 aborts when it cannot open a pcap file: say which folder is missing instead.
        const std::string::size_type slash = m_pcapPrefix.rfind('/');
        const std::string folder =
            slash == std::string::npos ? "." : m_pcapPrefix.substr(0, std::max<size_t>(slash, 1));
        struct stat info;
        TCP_TEARDOWN_REQUIRE(stat(folder.c_str(), &info) == 0 && S_ISDIR(info.st_mode),
                             GetStory() << ": PcapPrefix=" << m_pcapPrefix
                                        << " is invalid: its folder '" << folder
                                        << "' does not exist (the pcap files are written as "
                                           "<prefix>-<node>-<device>.pcap)");
        PointToPointHelper().EnablePcap(m_pcapPrefix, hosts.GetNodes(), true);
    }
    Stage stage;
    stage.hosts = &hosts;
    stage.recorder = &recorder;
    stage.client = hosts.GetClient();
    stage.server = hosts.GetServer();
    stage.serverAddress = hosts.GetServerAddress();
    const int64_t streams = TcpTeardownHelper::AssignStreams(hosts.GetNodes(), 0);
    if (m_lossRate > 0)
    {
        TCP_TEARDOWN_REQUIRE(m_router,
                             GetStory() << ": LossRate=" << m_lossRate
                                        << " needs Router=true: the loss is on the router's "
                                           "devices (the hosts' devices carry the stories' "
                                           "impairments)");
        Ptr<Node> router = hosts.GetRouter();
        for (uint32_t i = 0; i < router->GetNDevices(); ++i)
        {
            if (!DynamicCast<PointToPointNetDevice>(router->GetDevice(i)))
            {
                continue; // the loopback device
            }
            Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
            loss->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            loss->SetRate(m_lossRate);
            loss->AssignStreams(streams + i);
            router->GetDevice(i)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        }
    }
    DoBuild(stage);
    result.stopTime = GetDuration();
    Simulator::Stop(result.stopTime);
    Simulator::Run();
    CopyRecords(recorder, result);
    DoJudge(stage, result);
    Simulator::Destroy();
}

Time
TcpTeardownScenario::GetDuration() const
{
    return m_duration.IsStrictlyPositive() ? m_duration : GetStopTime();
}

Ptr<TcpTeardownApplication>
TcpTeardownScenario::InstallServer(const Stage& stage, uint16_t port, bool closeOnEndOfStream)
{
    Ptr<TcpTeardownApplication> server = CreateObject<TcpTeardownApplication>();
    server->SetAttribute("Role", StringValue("Server"));
    server->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
    server->SetAttribute("CloseOnEndOfStream", BooleanValue(closeOnEndOfStream));
    stage.server->AddApplication(server);
    return server;
}

Ptr<TcpTeardownApplication>
TcpTeardownScenario::InstallClient(const Stage& stage,
                                   uint16_t port,
                                   uint64_t bytes,
                                   bool closeWhenDone,
                                   Time start)
{
    Ptr<TcpTeardownApplication> client = CreateObject<TcpTeardownApplication>();
    client->SetAttribute("Remote", AddressValue(InetSocketAddress(stage.serverAddress, port)));
    client->SetAttribute("SendBytes", UintegerValue(bytes));
    client->SetAttribute("CloseWhenDone", BooleanValue(closeWhenDone));
    client->SetStartTime(start);
    stage.client->AddApplication(client);
    return client;
}

void
TcpTeardownScenario::CountBytes(TcpEndpointOutcome& endpoint,
                                Ptr<TcpTeardownApplication> app,
                                uint32_t index)
{
    std::vector<Ptr<TcpTeardownSocket>> sockets = app->GetConnections();
    if (index < sockets.size())
    {
        endpoint.bytesSent = app->GetBytesSent(sockets[index]);
        endpoint.bytesDelivered = app->GetBytesReceived(sockets[index]);
    }
}

void
TcpTeardownScenario::CopyRecords(const TcpTeardownRecorder& recorder, TcpScenarioResult& result)
{
    result.transitions = recorder.GetTransitions();
    result.retransmissions = recorder.GetRetransmissions();
    result.ends = recorder.GetEnds();
    result.impairments = recorder.GetImpairments();
}

TcpEndpointOutcome
TcpTeardownScenario::Describe(const TcpScenarioResult& result,
                              const std::string& label,
                              uint32_t node,
                              uint32_t index)
{
    TcpEndpointOutcome endpoint;
    endpoint.label = label;
    endpoint.node = node;
    // The node's connections in order of their first transition; listeners are not
    // connections.
    std::vector<uint32_t> sockets;
    for (const auto& t : result.transitions)
    {
        if (t.connection.node != node || t.from == TcpSocket::LISTEN || t.to == TcpSocket::LISTEN)
        {
            continue;
        }
        if (std::find(sockets.begin(), sockets.end(), t.connection.socket) == sockets.end())
        {
            sockets.push_back(t.connection.socket);
        }
    }
    if (index >= sockets.size())
    {
        return endpoint;
    }
    endpoint.socket = sockets[index];
    for (const auto& t : result.transitions)
    {
        if (t.connection.node == node && t.connection.socket == endpoint.socket)
        {
            if (endpoint.timeline.empty())
            {
                endpoint.timeline.emplace_back(t.time, t.from);
            }
            endpoint.timeline.emplace_back(t.time, t.to);
            endpoint.finalState = t.to;
        }
    }
    for (const auto& e : result.ends)
    {
        if (e.connection.node == node && e.connection.socket == endpoint.socket)
        {
            endpoint.ended = true;
            endpoint.reason = e.reason;
            endpoint.end = e.time;
        }
    }
    for (const auto& r : result.retransmissions)
    {
        if (r.connection.node == node && r.connection.socket == endpoint.socket)
        {
            ++endpoint.retransmissions;
        }
    }
    return endpoint;
}

std::string
TcpTeardownScenario::FormatSeconds(Time t, int decimals)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed << std::setprecision(decimals) << t.GetSeconds() << " s";
    return os.str();
}

void
TcpTeardownScenario::LogCalls(Ptr<TcpTeardownApplication> app)
{
    m_calls.clear();
    app->TraceConnectWithoutContext("SocketCall", MakeCallback(&TcpTeardownScenario::OnCall, this));
}

void
TcpTeardownScenario::OnCall(Ptr<const TcpTeardownSocket> /* socket */,
                            std::string call,
                            int result,
                            TcpCloseReason error)
{
    std::ostringstream os;
    os << call << "() -> " << result;
    if (result < 0)
    {
        os << " " << (error == TcpCloseReason::NONE ? "(no errno)" : TcpCloseReasonName(error));
    }
    os << " at " << FormatSeconds(Simulator::Now());
    m_calls.push_back(os.str());
}

std::string
TcpTeardownScenario::GetLoggedCalls() const
{
    std::string calls;
    for (const auto& call : m_calls)
    {
        calls += (calls.empty() ? "" : "; ") + call;
    }
    return calls.empty() ? "none" : calls;
}

bool
TcpTeardownScenario::HasLoggedCalls() const
{
    return !m_calls.empty();
}

} // namespace ns3
