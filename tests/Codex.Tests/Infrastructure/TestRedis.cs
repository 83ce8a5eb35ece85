using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// A real Redis for the shared rate limits (ADR 041): the one scripts/test starts and names in <c>CODEX_TEST_REDIS</c>
/// (<c>127.0.0.1:port</c>), or, without that variable (a plain <c>dotnet test</c>), a <c>redis-server</c> of our own on a
/// free loopback port with no persistence. Without Debian's redis-server the Redis tests fail saying how to get one.
/// Tests that stop the server always start their own (<see cref="StartOwnAsync"/>).
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    public const string Variable = "CODEX_TEST_REDIS";

    private Process? _process;

    private TestRedis(string endpoint, Process? process)
    {
        Endpoint = endpoint;
        _process = process;
    }

    /// <summary><c>127.0.0.1:port</c>, as <c>ConnectionStrings__Redis</c> takes it.</summary>
    public string Endpoint { get; }

    public int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..]);

    /// <summary>The run's server (<c>CODEX_TEST_REDIS</c>), else one of our own.</summary>
    public static Task<TestRedis> StartAsync() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } endpoint
            ? Task.FromResult(new TestRedis(endpoint.Trim(), null))
            : StartOwnAsync();

    /// <summary>A redis-server of this test's own, which it may stop.</summary>
    public static async Task<TestRedis> StartOwnAsync(int? port = null)
    {
        var chosen = port ?? ClosedPort.Url().Port;
        var start = new ProcessStartInfo("redis-server") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", chosen.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The Redis tests need a real Redis and found none: {Variable} is not set and redis-server is not on PATH ({e.Message}). " +
                $"scripts/test installs and starts one; by hand: apt-get install redis-server, or set {Variable}=127.0.0.1:<port>.", e);
        }
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TestRedis($"127.0.0.1:{chosen}", process);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, chosen);
                return server;
            }
            catch (SocketException) when (!process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                lock (output) throw new InvalidOperationException($"redis-server did not start on 127.0.0.1:{chosen}: {output}");
            }
        }
    }

    /// <summary>Stops a server this test started (an outage); the run's shared one is never stopped.</summary>
    public async Task StopAsync()
    {
        if (_process is null) throw new InvalidOperationException("Only a server started by the test itself may be stopped.");
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        await StopAsync();
        _process.Dispose();
        _process = null;
    }
}
