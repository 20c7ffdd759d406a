using System.Net;

using Outlay.Gateway.Discovery;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>DNS as a test scripts it: the answers a headless service gives while pods come and go, and lookups that fail.</summary>
internal sealed class ScriptedResolver : HostResolver
{
    private Func<IPAddress[]>[] _answers = [() => []];
    private readonly Dictionary<string, Func<IPAddress[]>> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private int _lookups;

    /// <summary>Lookups made so far; two more after a change mean at least one whole lookup saw it.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    public List<string> HostsAsked { get; } = [];

    public static Func<IPAddress[]> Addresses(params string[] addresses)
    {
        var parsed = addresses.Select(IPAddress.Parse).ToArray();
        return () => parsed;
    }

    public static Func<IPAddress[]> Throws(Exception error) => () => throw error;

    /// <summary>Answers every lookup from now on with these addresses.</summary>
    public void Answer(params string[] addresses) => AnswerInTurn(Addresses(addresses));

    /// <summary>Answers every lookup of <paramref name="host"/> from now on, before any answer for all names.</summary>
    public void AnswerFor(string host, Func<IPAddress[]> answer)
    {
        lock (HostsAsked)
        {
            _byHost[host] = answer;
        }
    }

    /// <summary>One answer per lookup in this order, the last one for every lookup after.</summary>
    public void AnswerInTurn(params Func<IPAddress[]>[] answers)
    {
        lock (HostsAsked)
        {
            _answers = answers;
        }
    }

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation)
    {
        Func<IPAddress[]> answer;
        lock (HostsAsked)
        {
            HostsAsked.Add(host);
            if (!_byHost.TryGetValue(host, out answer!))
            {
                answer = _answers[0];
                if (_answers.Length > 1)
                {
                    _answers = _answers[1..];
                }
            }

            Interlocked.Increment(ref _lookups);
        }

        return Task.FromResult(answer());
    }
}
