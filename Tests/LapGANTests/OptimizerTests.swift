import XCTest
@testable import LapGAN

final class OptimizerTests: XCTestCase {
    func testSGDMomentumFollowsTheUpdateRule() throws {
        let p = Parameter("w", try Tensor(shape: [1], values: [1]))
        var s = OptimizerSettings.paperSGD
        s.learningRate = 0.1
        let opt = Optimizer(s, parameters: [p])
        p.grad[0] = 2
        opt.step()  // v = 2, w = 1 − 0.1·2
        XCTAssertEqual(p.value[0], 0.8, accuracy: 1e-6)
        p.grad[0] = 2
        opt.step()  // v = 0.5·2 + 2 = 3, lr decayed by 1.000004
        XCTAssertEqual(p.value[0], 0.8 - 0.1 / 1.000004 * 3, accuracy: 1e-6)
        opt.endEpoch()
        XCTAssertEqual(opt.momentum, 0.5008, accuracy: 1e-6)
    }

    func testAdamFirstStepIsLearningRateTimesSign() throws {
        let p = Parameter("w", try Tensor(shape: [2], values: [0, 0]))
        let opt = Optimizer(.ganAdam, parameters: [p])
        p.grad[0] = 5
        p.grad[1] = -0.01
        opt.step()
        XCTAssertEqual(p.value[0], -2e-4, accuracy: 1e-7)
        XCTAssertEqual(p.value[1], 2e-4, accuracy: 1e-7)
    }

    func testAdamMinimisesAQuadratic() throws {
        let p = Parameter("w", try Tensor(shape: [1], values: [3]))
        var s = OptimizerSettings.ganAdam
        s.learningRate = 0.05
        let opt = Optimizer(s, parameters: [p])
        for _ in 0..<500 {
            opt.zeroGrad()
            p.grad[0] = 2 * (p.value[0] - 1)
            opt.step()
        }
        XCTAssertEqual(p.value[0], 1, accuracy: 0.05)
    }

    func testBuffersAreNotOptimised() {
        let bn = BatchNorm(channels: 2)
        let opt = Optimizer(.ganAdam, parameters: bn.parameters)
        XCTAssertEqual(opt.parameters.count, 2)
    }
}
