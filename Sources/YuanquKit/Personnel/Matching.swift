import Foundation

/// Two-way selection (双向选择): candidates rank the posts they want, units rank the candidates for their posts,
/// and a stable matching with post capacities is proposed by deferred acceptance, candidate-proposing
/// (Gale–Shapley). The result is candidate-optimal: no stable matching gives any candidate a better post.
public enum TwoWaySelection {
    public struct Post: Sendable, Equatable {
        public let id: String
        public let capacity: Int
        /// Candidates in the unit's order, best first. A candidate not listed is not acceptable for this post.
        public let ranking: [String]
        public init(id: String, capacity: Int, ranking: [String]) {
            self.id = id
            self.capacity = capacity
            self.ranking = ranking
        }
    }

    public struct Candidate: Sendable, Equatable {
        public let id: String
        /// Posts in the candidate's order, best first (up to the campaign's limit).
        public let preferences: [String]
        public init(id: String, preferences: [String]) {
            self.id = id
            self.preferences = preferences
        }
    }

    public struct Assignment: Sendable, Equatable {
        public let candidateID: String
        public let postID: String
        /// 1 for the candidate's first choice.
        public let choice: Int
    }

    /// Why a candidate did not get a post they listed.
    public enum Refusal: Sendable, Equatable {
        /// The unit did not rank the candidate for this post.
        case notRanked(postID: String)
        /// The post filled with candidates the unit ranked higher; `lowestHeldRank` is the rank (1-based) of the
        /// last candidate it kept, `candidateRank` the candidate's own.
        case filledWithHigherRanked(postID: String, candidateRank: Int, lowestHeldRank: Int)
        /// The post is not in this selection.
        case unknownPost(postID: String)
    }

    public struct Unmatched: Sendable, Equatable {
        public let candidateID: String
        /// One refusal per post listed, in the candidate's order. Empty when the candidate listed no post.
        public let refusals: [Refusal]
    }

    public struct Unfilled: Sendable, Equatable {
        public let postID: String
        public let capacity: Int
        public let filled: Int
        public var open: Int { capacity - filled }
    }

    public struct Result: Sendable, Equatable {
        public var assignments: [Assignment]
        public var unmatched: [Unmatched]
        public var unfilled: [Unfilled]
        /// For matched candidates: why each post they preferred to the one they got refused them.
        public var betterChoicesRefused: [String: [Refusal]]
    }

    public static func match(candidates: [Candidate], posts: [Post]) -> Result {
        let nC = candidates.count
        let nP = posts.count
        var postIndex: [String: Int] = [:]
        postIndex.reserveCapacity(nP)
        for (i, p) in posts.enumerated() { postIndex[p.id] = i }
        var candIndex: [String: Int] = [:]
        candIndex.reserveCapacity(nC)
        for (i, c) in candidates.enumerated() { candIndex[c.id] = i }

        // Each candidate's preference list as post indices (unknown posts dropped, duplicates kept once).
        var prefs = [[Int]](repeating: [], count: nC)
        for (i, c) in candidates.enumerated() {
            var seen = Set<Int>()
            for pid in c.preferences { if let p = postIndex[pid], seen.insert(p).inserted { prefs[i].append(p) } }
        }
        // rank[p][c]: the unit's rank of candidate c for post p (0 best), only for candidates who listed p.
        var rank = [[Int: Int]](repeating: [:], count: nP)
        for (p, post) in posts.enumerated() {
            for (r, cid) in post.ranking.enumerated() {
                if let c = candIndex[cid], rank[p][c] == nil { rank[p][c] = r }
            }
        }
        // Held proposals per post: a max-heap on rank, so the worst held is on top.
        var held = [[(rank: Int, c: Int)]](repeating: [], count: nP)
        var next = [Int](repeating: 0, count: nC)
        var assigned = [Int](repeating: -1, count: nC)
        var free = Array((0..<nC).reversed())

        func siftUp(_ h: inout [(rank: Int, c: Int)], _ i0: Int) {
            var i = i0
            while i > 0 {
                let parent = (i - 1) / 2
                if h[parent].rank >= h[i].rank { break }
                h.swapAt(parent, i)
                i = parent
            }
        }
        func siftDown(_ h: inout [(rank: Int, c: Int)], _ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < h.count && h[l].rank > h[m].rank { m = l }
                if r < h.count && h[r].rank > h[m].rank { m = r }
                if m == i { return }
                h.swapAt(i, m)
                i = m
            }
        }

        while let c = free.popLast() {
            while next[c] < prefs[c].count {
                let p = prefs[c][next[c]]
                next[c] += 1
                guard let r = rank[p][c], posts[p].capacity > 0 else { continue }
                if held[p].count < posts[p].capacity {
                    held[p].append((r, c))
                    siftUp(&held[p], held[p].count - 1)
                    assigned[c] = p
                    break
                } else if held[p][0].rank > r {
                    let bumped = held[p][0].c
                    held[p][0] = (r, c)
                    siftDown(&held[p], 0)
                    assigned[c] = p
                    assigned[bumped] = -1
                    free.append(bumped)
                    break
                }
            }
        }

        // Explanations: the worst rank each full post kept.
        let lowestHeld: [Int?] = (0..<nP).map { p in held[p].count >= posts[p].capacity && !held[p].isEmpty ? held[p][0].rank : nil }
        func refusal(_ c: Int, _ pid: String) -> Refusal {
            guard let p = postIndex[pid] else { return .unknownPost(postID: pid) }
            guard let r = rank[p][c], posts[p].capacity > 0 else { return .notRanked(postID: pid) }
            return .filledWithHigherRanked(postID: pid, candidateRank: r + 1, lowestHeldRank: (lowestHeld[p] ?? r) + 1)
        }
        var result = Result(assignments: [], unmatched: [], unfilled: [], betterChoicesRefused: [:])
        for (c, cand) in candidates.enumerated() {
            if assigned[c] >= 0 {
                let p = assigned[c]
                let choice = cand.preferences.firstIndex(of: posts[p].id)! + 1
                result.assignments.append(Assignment(candidateID: cand.id, postID: posts[p].id, choice: choice))
                if choice > 1 { result.betterChoicesRefused[cand.id] = cand.preferences.prefix(choice - 1).map { refusal(c, $0) } }
            } else {
                result.unmatched.append(Unmatched(candidateID: cand.id, refusals: cand.preferences.map { refusal(c, $0) }))
            }
        }
        for (p, post) in posts.enumerated() where held[p].count < post.capacity {
            result.unfilled.append(Unfilled(postID: post.id, capacity: post.capacity, filled: held[p].count))
        }
        return result
    }

    /// A candidate and a post that would both rather have each other than what the matching gave them.
    public struct BlockingPair: Sendable, Equatable {
        public let candidateID: String
        public let postID: String
    }

    /// Checks stability by brute force over every candidate and every post they listed (for tests and audits).
    public static func blockingPairs(candidates: [Candidate], posts: [Post], result: Result) -> [BlockingPair] {
        let assignment = Dictionary(uniqueKeysWithValues: result.assignments.map { ($0.candidateID, $0.postID) })
        var holders: [String: [String]] = [:]
        for a in result.assignments { holders[a.postID, default: []].append(a.candidateID) }
        var pairs: [BlockingPair] = []
        for c in candidates {
            let current = assignment[c.id].flatMap { c.preferences.firstIndex(of: $0) } ?? c.preferences.count
            for pid in c.preferences.prefix(current) {
                guard let post = posts.first(where: { $0.id == pid }), let myRank = post.ranking.firstIndex(of: c.id) else { continue }
                let held = holders[pid] ?? []
                if held.count < post.capacity {
                    pairs.append(BlockingPair(candidateID: c.id, postID: pid))
                    continue
                }
                let worst = held.compactMap { post.ranking.firstIndex(of: $0) }.max() ?? -1
                if myRank < worst { pairs.append(BlockingPair(candidateID: c.id, postID: pid)) }
            }
        }
        return pairs
    }
}
