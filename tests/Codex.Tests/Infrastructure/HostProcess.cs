using System.Diagnostics;
using System.Text;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// Codex.Host as its own OS process, from the test's build output, as an operator runs it (environment variables
/// only): for what only a real process shows (signals, a SIGKILL mid-job, start-up lines).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public HostProcess(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Codex.Host.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything it wrote so far, standard output and error.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Whether <paramref name="url"/>'s <c>/health/ready</c> answers 200 now (throws when the process has exited).</summary>
    public async Task<bool> ReadyAsync(Uri url)
    {
        if (_process.HasExited) throw new InvalidOperationException("the host exited:\n" + Output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync(new Uri(url, "/health/ready"))).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not stop within {within.TotalSeconds} s:\n{Output}");
        }
        _process.WaitForExit(); // the output is complete
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process ends at once, finishing nothing and handing back nothing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
